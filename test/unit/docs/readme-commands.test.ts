import { readFileSync } from "node:fs"
import { join } from "node:path"
import type { APIApplicationCommandOption } from "discord.js"
import { describe, expect, it } from "vitest"
import type { Access, SlashCommand } from "../../../src/adapters/discord/command.js"
import { helpFeature } from "../../../src/adapters/discord/help/help-command.js"
import { productFeatures } from "../../../src/app/pitboard.js"
import type { AppServices } from "../../../src/adapters/discord/handler-services.js"

const README = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8")
const commands: ReadonlyArray<SlashCommand<AppServices>> = [helpFeature<AppServices>(() => []), ...productFeatures].flatMap((feature) => feature.commands)

interface Placeholder {
  readonly names: ReadonlyArray<string>
  readonly required: boolean
}
interface ReadmeRow {
  readonly paths: ReadonlyArray<string>
  readonly placeholders: ReadonlyArray<Placeholder>
  readonly who: string
  readonly line: string
}

/** `<my number>` and `<@member>` name the options my_number and member. */
const optionName = (written: string) => written.trim().replace(/^@/, "").replace(/ /g, "_")

/**
 * The rows of the README's command tables: "`/number link <query> [member]` | everyone | …".
 * `a\|b` in the command cell lists several subcommands; `<a|b>` means exactly one of two options.
 */
const readmeRows = (): ReadonlyArray<ReadmeRow> => {
  const section = README.slice(README.indexOf("## Commands"), README.indexOf("\n## ", README.indexOf("## Commands") + 1))
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `/"))
    .map((line) => {
      const [command, who] = line
        .slice(2)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, "|"))
      const usage = command!.replace(/^`|`$/g, "")
      const [, name, sub] = /^\/(\S+)(?: ([a-z_|-]+))?/.exec(usage)!
      const paths = sub === undefined ? [name!] : sub.split("|").map((part) => `${name} ${part}`)
      const placeholders = [...usage.matchAll(/([<[])([^>\]]+)[>\]]/g)].map((match) => ({ names: match[2]!.split("|").map(optionName), required: match[1] === "<" }))
      return { paths, placeholders, who: who!, line }
    })
}

const optionsOf = (command: SlashCommand<AppServices>, path: string): ReadonlyArray<APIApplicationCommandOption> => {
  const [, sub] = path.split(" ")
  const options = (command.data.options ?? []) as ReadonlyArray<APIApplicationCommandOption & { options?: ReadonlyArray<APIApplicationCommandOption> }>
  return sub === undefined ? options : (options.find((option) => option.name === sub)?.options ?? [])
}

const whoFor = (access: Access) => (access === "member" ? "everyone" : access === "manage-server" ? "Manage Server" : `${access.admin} admins`)

const registered = commands.flatMap((command) => command.paths.map((declared) => ({ command, declared })))

describe("the README's command tables", () => {
  const rows = readmeRows()
  const rowFor = (path: string) => rows.find((row) => row.paths.includes(path))

  it("GIVEN every registered command path THEN the README has a row for it, and no row for a command that does not exist", () => {
    expect(rows.length).toBeGreaterThan(20)
    expect(registered.map(({ declared }) => declared.path).filter((path) => rowFor(path) === undefined)).toEqual([])
    const known = new Set(registered.map(({ declared }) => declared.path))
    expect(rows.flatMap((row) => row.paths).filter((path) => !known.has(path))).toEqual([])
  })

  it("GIVEN each row THEN it shows every option of its command by name, required ones in <>, optional ones in [] (or <a|b> for one of two), and nothing else", () => {
    const mismatches = registered.flatMap(({ command, declared }) => {
      const row = rowFor(declared.path)
      if (row === undefined) return []
      const options = optionsOf(command, declared.path)
      const problems: string[] = []
      const shown = row.placeholders.flatMap((placeholder) => placeholder.names.map((name) => ({ name, placeholder })))
      for (const option of options) {
        const written = shown.find((entry) => entry.name === option.name)
        if (written === undefined) problems.push(`${option.name} is missing`)
        else if (option.required === true && !(written.placeholder.required && written.placeholder.names.length === 1)) problems.push(`${option.name} is required: write <${option.name}>`)
        else if (option.required !== true && written.placeholder.required && written.placeholder.names.length === 1) problems.push(`${option.name} is optional: write [${option.name}]`)
      }
      for (const { name } of shown) if (!options.some((option) => option.name === name)) problems.push(`${name} is no option`)
      return problems.map((problem) => `/${declared.path}: ${problem}`)
    })
    expect(mismatches).toEqual([])
  })

  it("GIVEN each row THEN its Who column says who the router lets through", () => {
    const mismatches = registered
      .filter(({ declared }) => rowFor(declared.path) !== undefined && rowFor(declared.path)!.who !== whoFor(declared.access))
      .map(({ declared }) => `/${declared.path}: README says "${rowFor(declared.path)!.who}", the router requires ${whoFor(declared.access)}`)
    expect(mismatches).toEqual([])
  })
})
