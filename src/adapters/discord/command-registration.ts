import { createHash } from "node:crypto"
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { Database, rowByRow } from "../sqlite/database.js"
import { readRegistrationHash, saveRegistrationHash } from "../sqlite/repositories/command-registrations.js"
import { DiscordClient } from "./discord-client.js"

/** Stable across runs: key order inside the builders' JSON is deterministic. */
export const commandsHash = (commands: ReadonlyArray<RESTPostAPIChatInputApplicationCommandsJSONBody>): string =>
  createHash("sha256")
    .update(JSON.stringify([...commands].sort((a, b) => a.name.localeCompare(b.name))))
    .digest("hex")

/**
 * Registers the slash commands with Discord: to one server when DISCORD_GUILD_ID is set (instant,
 * for development), otherwise globally. Skipped when nothing changed since the last run, because
 * Discord limits command creates per day.
 */
export const registerCommands = (commands: ReadonlyArray<RESTPostAPIChatInputApplicationCommandsJSONBody>, devGuildId: Option.Option<string>) =>
  Effect.gen(function* () {
    const client = yield* DiscordClient
    const database = yield* Database
    const scope = Option.match(devGuildId, { onNone: () => "global", onSome: (id) => `guild:${id}` })
    const hash = commandsHash(commands)
    const previous = yield* database.query("commands.read-hash", (db) => readRegistrationHash(db, scope))
    if (previous === hash) {
      yield* Effect.logInfo(`slash commands unchanged for ${scope}; not re-registering`)
      return "unchanged" as const
    }
    yield* Effect.tryPromise(() =>
      Option.match(devGuildId, {
        onNone: () => client.application.commands.set([...commands]),
        onSome: (guildId) => client.application.commands.set([...commands], guildId),
      }),
    )
    const now = yield* Clock.currentTimeMillis
    yield* rowByRow(database.transaction("commands.save-hash", (trx) => saveRegistrationHash(trx, scope, hash, now)))
    yield* Effect.logInfo(`registered ${commands.length} slash commands for ${scope}`)
    return "registered" as const
  })
