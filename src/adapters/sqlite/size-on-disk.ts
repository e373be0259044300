import { stat } from "node:fs/promises"

export interface SizeOnDisk {
  readonly path: string
  readonly fileBytes: number
  /** Writes not yet folded into the file; it shrinks again at each checkpoint. */
  readonly walBytes: number
}

const sizeOf = (path: string) => stat(path).then((found) => found.size, () => 0)

/** Undefined for an in-memory database. */
export const sizeOnDisk = async (path: string): Promise<SizeOnDisk | undefined> => {
  if (path === "" || path === ":memory:") return undefined
  const [fileBytes, walBytes] = await Promise.all([sizeOf(path), sizeOf(`${path}-wal`)])
  return { path, fileBytes, walBytes }
}
