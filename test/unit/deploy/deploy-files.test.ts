import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { STOP_WITHIN_MS } from "../../../src/app/stopping.js"
import { npmStartCommand, ROOT } from "../../support/npm-start.js"

const unitText = readFileSync(join(ROOT, "deploy/pitboard.service"), "utf8")
const INSTALLED_AT = "/opt/pitboard"
const NODE = "/usr/bin/node"

/** The unit's `Key=value` lines (every occurrence, in order); comments and sections left out. */
const settings = (text: string, key: string): string[] =>
  text.split("\n").flatMap((line) => (line.startsWith(`${key}=`) ? [line.slice(key.length + 1)] : []))
const setting = (key: string): string => {
  const values = settings(unitText, key)
  if (values.length !== 1) throw new Error(`deploy/pitboard.service sets ${key} ${values.length} times`)
  return values[0]!
}
const seconds = (value: string): number => {
  const match = /^(\d+)(s|min)?$/.exec(value)
  if (!match) throw new Error(`not a time span this test reads: ${value}`)
  return Number(match[1]) * (match[2] === "min" ? 60 : 1)
}

/** What `npm start` runs after its build, with the script's file relative to the package folder. */
const startScript = () => {
  const { args } = npmStartCommand()
  return { flags: args.filter((arg) => arg.startsWith("-")), file: args.find((arg) => !arg.startsWith("-"))!.slice(ROOT.length + 1) }
}

const folder = mkdtempSync(join(tmpdir(), "pitboard-deploy-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe("deploy/pitboard.service", () => {
  it("GIVEN the unit file THEN systemd-analyze verify accepts it without a single warning", (context) => {
    const tool = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" })
    // .ci/run installs it; elsewhere (macOS, say) the check is skipped, and says so.
    context.skip(tool.error !== undefined, "systemd-analyze is not installed (Debian: apt-get install systemd)")
    // verify checks that ExecStart's program exists: point the copy at this machine's node and
    // checkout, since neither need be where a server keeps them.
    const copy = join(folder, "pitboard.service")
    writeFileSync(copy, unitText.replaceAll(`${NODE} `, `${process.execPath} `).replaceAll(INSTALLED_AT, ROOT))
    const verify = spawnSync("systemd-analyze", ["verify", copy], { encoding: "utf8" })
    // Unknown keys and unparsable values are only warnings on stderr, with exit 0.
    expect(verify.stderr).toBe("")
    expect(verify.status).toBe(0)
  })

  it("GIVEN the unit file THEN it runs what npm start runs, with node directly, from the installed folder", () => {
    const { flags, file } = startScript()
    expect(setting("ExecStart")).toBe([NODE, ...flags, `${INSTALLED_AT}/${file}`].join(" "))
    expect(setting("WorkingDirectory")).toBe(INSTALLED_AT)
  })

  it("GIVEN the unit file THEN systemd waits longer than Pitboard's own stop bound, restarts only on failure and runs as its own user", () => {
    expect(seconds(setting("TimeoutStopSec")) * 1000).toBeGreaterThan(STOP_WITHIN_MS)
    expect(setting("Restart")).toBe("on-failure")
    expect(setting("User")).toBe("pitboard")
    expect(setting("NoNewPrivileges")).toBe("yes")
    expect(setting("ProtectSystem")).toBe("strict")
    // With the code read-only, the database folder is the one place it writes; DATABASE_PATH's default lives there.
    expect(setting("ReadWritePaths")).toBe(`${INSTALLED_AT}/data`)
  })
})

describe("deploy/ecosystem.config.cjs (pm2)", () => {
  const { apps } = createRequire(import.meta.url)(join(ROOT, "deploy/ecosystem.config.cjs")) as { apps: Array<Record<string, unknown>> }

  it("GIVEN the pm2 file THEN it runs one process of what npm start runs, with node directly, from the package folder", () => {
    const { flags, file } = startScript()
    expect(apps).toHaveLength(1)
    expect(apps[0]).toMatchObject({ cwd: ROOT, script: join(ROOT, file), interpreter: "node", node_args: flags.join(" "), exec_mode: "fork", instances: 1 })
  })

  it("GIVEN the pm2 file THEN pm2 waits longer than Pitboard's own stop bound before it kills", () => {
    expect(apps[0]!.kill_timeout).toBeGreaterThan(STOP_WITHIN_MS)
  })
})
