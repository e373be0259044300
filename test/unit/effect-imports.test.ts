/**
 * Effect is imported module by module (`effect/Effect`), never through the `effect` barrel: the
 * barrel evaluates every one of Effect's ~360 modules at start-up, where the bot needs ~190, and
 * start-up time is a goal in `npm run bench`.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const ROOT = resolve(import.meta.dirname, "../..")

const sourceFiles = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith(".ts") ? [join(folder, entry.name)] : [],
  )

const BARREL = /from\s+"effect"/

describe("Effect imports", () => {
  it("GIVEN every file under src/ THEN none imports the effect barrel, and the check itself sees one", () => {
    expect(BARREL.test('import { Effect } from "effect"\n')).toBe(true)
    const files = sourceFiles(join(ROOT, "src"))
    expect(files.length).toBeGreaterThan(100)
    const offenders = files.filter((file) => BARREL.test(readFileSync(file, "utf8"))).map((file) => relative(ROOT, file))
    expect(offenders).toEqual([])
  })
})
