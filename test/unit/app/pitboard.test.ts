import { readdirSync, readFileSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import type { Access } from "../../../src/adapters/discord/command.js"
import { productFeatures } from "../../../src/app/pitboard.js"
import { MODULES } from "../../../src/domain/permissions.js"

const moduleOf = (access: Access) => (typeof access === "object" ? access.admin : undefined)

describe("admin modules", () => {
  it("GIVEN every command path and component Pitboard ships THEN each module /permissions can grant guards at least one of them, and none guards a module it can't grant", () => {
    const guarded = new Set(
      productFeatures.flatMap((feature) => [
        ...feature.commands.flatMap((command) => command.paths.map((path) => moduleOf(path.access))),
        ...feature.components.map((component) => moduleOf(component.access)),
      ]),
    )
    guarded.delete(undefined)
    expect([...guarded].sort()).toEqual([...MODULES].sort())
  })
})

const ROOT = resolve(import.meta.dirname, "../../..")
const sourceFiles = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith(".ts") ? [join(folder, entry.name)] : [],
  )

describe("use case functions", () => {
  it("GIVEN every file in src THEN none defines a function with Effect.fn, which builds a span and captures a stack on every call for a tracer Pitboard does not install (see TracingOff)", () => {
    const traced = /\bEffect\.fn\(/
    expect(traced.test('export const claimNumber = Effect.fn("Numbers.claim")(function* () {})')).toBe(true)
    expect(traced.test("export const claimNumber = Effect.fnUntraced(function* () {})")).toBe(false)
    const offenders = sourceFiles(join(ROOT, "src"))
      .filter((file) => traced.test(readFileSync(file, "utf8")))
      .map((file) => relative(ROOT, file))
    expect(offenders).toEqual([])
  })
})
