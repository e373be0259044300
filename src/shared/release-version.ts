import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"

const PACKAGE_NAME = "pitboard"

/**
 * Pitboard's own package.json, found by walking up from this file: the same code runs from
 * src/shared under tsx and from dist/shared once compiled, and neither may assume the working folder.
 */
export const findOwnPackage = (from: string, name = PACKAGE_NAME): { readonly folder: string; readonly version?: unknown } | undefined => {
  for (let folder = from; ; folder = dirname(folder)) {
    try {
      const found = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name?: unknown; version?: unknown }
      if (found.name === name) return { folder, version: found.version }
    } catch {
      // No package.json here, or not ours: keep climbing.
    }
    if (dirname(folder) === folder) return undefined
  }
}

const own = findOwnPackage(import.meta.dirname)
const version = own?.version

/** The folder holding Pitboard's package.json (where `npm start` runs the bot from). */
export const PACKAGE_FOLDER: string | undefined = own?.folder

/** This release's version ("0.2.0"), as messages and the database's release stamp name it. */
export const PITBOARD_VERSION: string = typeof version === "string" ? version : "unknown"
