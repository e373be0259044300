import { existsSync } from "node:fs"
import { dirname, join, resolve } from "node:path"

/**
 * The folder the admin started Pitboard in. `npm start` runs the bot from the package folder
 * whatever folder it was typed in, and says where that was in INIT_CWD.
 */
export const startFolder = (env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string => env.INIT_CWD || cwd

/** The nearest folder holding a package.json, walking up from `from`. */
export const packageFolderOf = (from: string, exists: (path: string) => boolean = existsSync): string | undefined => {
  for (let folder = resolve(from); ; folder = dirname(folder)) {
    if (exists(join(folder, "package.json"))) return folder
    if (dirname(folder) === folder) return undefined
  }
}

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
