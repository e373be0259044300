import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { findEnvFile, startFolder } from "../../../src/app/env-file.js"
import { findOwnPackage } from "../../../src/shared/release-version.js"

const root = mkdtempSync(join(tmpdir(), "pitboard-env-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A package folder with a sub-folder, and an unrelated folder elsewhere, each maybe holding a .env. */
const layout = (name: string, envIn: ReadonlyArray<"package" | "sub" | "elsewhere">) => {
  const pkg = join(root, name, "pitboard")
  const sub = join(pkg, "src", "app")
  const elsewhere = join(root, name, "elsewhere")
  for (const folder of [sub, elsewhere]) mkdirSync(folder, { recursive: true })
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "pitboard-test" }))
  const folders = { package: pkg, sub, elsewhere }
  for (const where of envIn) writeFileSync(join(folders[where], ".env"), "LOG_LEVEL=Debug\n")
  return folders
}

describe(".env lookup", () => {
  it("GIVEN npm start typed in another folder THEN the start folder is where it was typed, not where npm runs the bot", () => {
    expect(startFolder({ INIT_CWD: "/home/admin/league" }, "/opt/pitboard")).toBe("/home/admin/league")
    expect(startFolder({}, "/opt/pitboard")).toBe("/opt/pitboard")
  })

  it("GIVEN a file deep inside the package THEN its package folder is the nearest one with Pitboard's package.json", () => {
    const { package: pkg, sub } = layout("walk", [])
    expect(findOwnPackage(sub, "pitboard-test")?.folder).toBe(pkg)
  })

  it("GIVEN a .env in the start folder and in the package folder THEN only the start folder's is read", () => {
    const { package: pkg, elsewhere } = layout("both", ["package", "elsewhere"])
    expect(findEnvFile({ start: elsewhere, package: pkg })).toBe(join(elsewhere, ".env"))
  })

  it("GIVEN no .env in the start folder THEN the package folder's is read", () => {
    const { package: pkg, elsewhere } = layout("fallback", ["package"])
    expect(findEnvFile({ start: elsewhere, package: pkg })).toBe(join(pkg, ".env"))
  })

  it("GIVEN no .env anywhere THEN none is read and the environment alone decides", () => {
    const { package: pkg, elsewhere } = layout("none", [])
    expect(findEnvFile({ start: elsewhere, package: pkg })).toBeUndefined()
  })
})
