import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"

const ROOT = resolve(import.meta.dirname, "../..")

const scripts = (): Record<string, string> =>
  (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts

/**
 * What `npm run <name>` runs, as a program and arguments to spawn directly: npm's own process and
 * banner are not the tool's, so tests leave them out, but they follow the script, not a copy of it.
 */
export const npmScriptCommand = (name: string): { command: string; args: string[] } => {
  const script = scripts()[name]
  if (script === undefined) throw new Error(`package.json has no "${name}" script`)
  const [program, ...args] = script.trim().split(/\s+/)
  const absolute = args.map((arg) => (arg.startsWith("-") ? arg : resolve(ROOT, arg)))
  if (program === "node") return { command: process.execPath, args: absolute }
  if (program === "tsx") return { command: join(ROOT, "node_modules/.bin/tsx"), args: absolute }
  throw new Error(`npm run ${name} runs "${script}", not node or tsx <file>: teach npmScriptCommand about it`)
}

/** Runs the script's `pre<name>` (a build, say) once, as npm would before it; nothing if there is none. */
export const runPreScript = (name: string): void => {
  if (scripts()[`pre${name}`] === undefined) return
  const pre = spawnSync("npm", ["run", "--silent", `pre${name}`], { cwd: ROOT, encoding: "utf8" })
  if (pre.status !== 0) throw new Error(`npm run pre${name} failed:\n${pre.stdout}${pre.stderr}`)
}
