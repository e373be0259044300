import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"

const PACKAGE_NAME = "pitboard"

/**
 * Pitboard's own package.json, found by walking up from this file: the same code runs from
 * src/app under tsx and from dist/app once compiled, and neither may assume the working folder.
 */
const readOwnPackage = (from: string): { version?: unknown } | undefined => {
  for (let folder = from; ; folder = dirname(folder)) {
    try {
      const found = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name?: unknown; version?: unknown }
      if (found.name === PACKAGE_NAME) return found
    } catch {
      // No package.json here, or not ours: keep climbing.
    }
    if (dirname(folder) === folder) return undefined
  }
}

const version = readOwnPackage(import.meta.dirname)?.version

/** This release's version ("0.2.0"), as messages and the database's release stamp name it. */
export const PITBOARD_VERSION: string = typeof version === "string" ? version : "unknown"
