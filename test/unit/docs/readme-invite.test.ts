import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { BOT_PERMISSIONS, inviteUrl } from "../../../src/app/invite.js"

const README = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8")

describe("the README's invite link", () => {
  it("GIVEN the invite link the bot prints THEN the README shows the same link, for APP_ID", () => {
    expect(README).toContain(`\`${inviteUrl("APP_ID")}\``)
  })

  it("GIVEN the permissions the bot asks for THEN the README's table lists each, in order, with the same reason", () => {
    const start = README.indexOf("| Permission | Why Pitboard needs it |")
    expect(start).toBeGreaterThan(0)
    const rows = README.slice(start)
      .split("\n")
      .slice(2)
      .map((line) => line.trim())
      .filter((line, index, all) => all.slice(0, index + 1).every((earlier) => earlier.startsWith("|")))
      .map((line) => line.split("|").slice(1, 3).map((cell) => cell.trim().replace(/`/g, "")))
    expect(rows).toEqual(BOT_PERMISSIONS.map((permission) => [permission.name, permission.why]))
  })
})
