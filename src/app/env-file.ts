import { existsSync } from "node:fs"
import { join } from "node:path"
import { PACKAGE_FOLDER } from "../shared/release-version.js"

/**
 * The folder the admin started Pitboard in. `npm start` runs the bot from the package folder
 * whatever folder it was typed in, and says where that was in INIT_CWD.
 */
export const startFolder = (env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string => env.INIT_CWD || cwd

/**
 * Which .env to read: the one in the folder you started in, else the package folder's, so a
 * service started elsewhere still finds the file kept next to the code. Only one is read, so a
 * stray .env never mixes with the real one.
 */
export const findEnvFile = (
  folders: { readonly start: string; readonly package: string | undefined },
  exists: (path: string) => boolean = existsSync,
): string | undefined =>
  [folders.start, folders.package]
    .filter((folder): folder is string => folder !== undefined)
    .map((folder) => join(folder, ".env"))
    .find(exists)

/**
 * Reads that .env into process.env, for `npm start` and the tools beside it alike. Node ≥ 20.12
 * reads the file itself, so there is no dotenv dependency; real environment variables win.
 * Returns the one line to print when the file cannot be read.
 */
export const loadDotEnv = (): string | undefined => {
  const file = findEnvFile({ start: startFolder(), package: PACKAGE_FOLDER })
  if (file === undefined) return undefined
  try {
    process.loadEnvFile(file)
    return undefined
  } catch (error) {
    return `${file} could not be read (${(error as Error).message}). Compare it with .env.example.`
  }
}
