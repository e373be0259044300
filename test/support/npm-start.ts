import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"

export const ROOT = resolve(import.meta.dirname, "../..")

/**
 * What package.json's `start` script runs, as a program and arguments to spawn directly: npm's own
 * process (and the banner it adds when a script fails) is not the bot's, so tests and the bench
 * leave it out, but they follow the script rather than a copy of it.
 */
export const npmStartCommand = (): { command: string; args: string[] } => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
  const [program, ...args] = (scripts.start ?? "").trim().split(/\s+/)
  if (program !== "node") throw new Error(`npm start runs "${scripts.start}", not node <file>: teach npmStartCommand about it`)
  return { command: process.execPath, args: args.map((arg) => (arg.startsWith("-") ? arg : resolve(ROOT, arg))) }
}

/** Compiles src/ into dist/ with the build script `npm start` runs first (incremental: quick when nothing changed). */
export const buildForNpmStart = (): void => {
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" })
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`)
}
