import { join } from "node:path"
import type { ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterEach } from "vitest"
import { Database, DatabaseLive } from "../../src/adapters/sqlite/database.js"
import { insertEvent } from "../../src/adapters/sqlite/repositories/events.js"
import { DETAILS } from "../fixtures/participant/sample.js"
import type { Reply } from "../../src/adapters/discord/reply.js"
import { type FollowUps, FollowUpsUndelivered } from "../../src/app/follow-ups.js"
import { defaultIracingSettings } from "../../src/adapters/iracing/config.js"
import { type Iracing, IracingFromSettings } from "../../src/adapters/iracing/service.js"
import type { Refusal } from "../../src/app/refusal.js"
import { useTempDir } from "./sqlite-test-database.js"

export const GUILD = "900000000000000001"

/** Just what handlers read: who, where, and the options typed. No Discord behind it, fake or real. */
export const slash = (userId: string, options: Record<string, string | boolean> = {}) =>
  ({
    id: "1300000000000000001",
    createdTimestamp: Date.now(),
    inGuild: () => true,
    guildId: GUILD,
    user: { id: userId },
    member: { roles: [] },
    memberPermissions: { has: () => false },
    client: { users: { cache: new Map() } },
    options: {
      getString: (name: string) => (typeof options[name] === "string" ? options[name] : null),
      getBoolean: (name: string) => (typeof options[name] === "boolean" ? options[name] : null),
      getInteger: () => null,
      getUser: (name: string) => (typeof options[name] === "string" ? { id: options[name] } : null),
      getAttachment: () => null,
    },
  }) as unknown as ChatInputCommandInteraction

/** A button press, for the handlers that read only who pressed it and where. */
export const press = (userId: string) => slash(userId) as unknown as ButtonInteraction

/** A submitted form: who sent it, where, and what was typed in each field (by the field's id). */
export const submit = (userId: string, fields: Record<string, string>) =>
  ({
    ...slash(userId),
    isModalSubmit: () => true,
    isFromMessage: () => false,
    fields: { getTextInputValue: (id: string) => fields[id] ?? "" },
  }) as unknown as ModalSubmitInteraction

/**
 * Runs handlers against a real database in a temporary folder, with follow-ups left undelivered:
 * the answer they return is what a test inspects. Call at describe level.
 */
export const useHandlers = () => {
  const tempDir = useTempDir()
  let runtime: ManagedRuntime.ManagedRuntime<Database | FollowUps | Iracing, unknown> | undefined
  afterEach(async () => {
    await runtime?.dispose()
    runtime = undefined
  })
  // Handlers are typed for the whole app; the ones tested this way need only the database, the
  // follow-ups and iRacing (off: no credentials, as on a league that has not set it up).
  const run = (handler: Effect.Effect<Reply<any> | void, Refusal, any>) => {
    const database = DatabaseLive(join(tempDir(), "pitboard.sqlite"))
    runtime ??= ManagedRuntime.make(Layer.mergeAll(database, FollowUpsUndelivered, IracingFromSettings(defaultIracingSettings).pipe(Layer.provide(database))))
    return runtime.runPromiseExit(handler as Effect.Effect<Reply<never> | void, Refusal, Database | FollowUps | Iracing>)
  }
  const answerOf = async (handler: Effect.Effect<Reply<any> | void, Refusal, any>) => {
    const exit = await run(handler)
    if (Exit.isFailure(exit)) throw new Error(`expected an answer, got ${JSON.stringify(exit.cause)}`)
    return exit.value as Reply<never>
  }
  /** A published event a week from now (the race-night sample's details), registration open, nobody on it. */
  const seedEvent = async (eventId: string, createdBy: string) => {
    const startsAt = Date.now() + 7 * 24 * 60 * 60_000
    const details = { ...DETAILS, schedule: { ...DETAILS.schedule, startsAt } }
    const exit = await run(Effect.flatMap(Database, (db) => db.query("seed", (k) => insertEvent(k, { id: eventId, guildId: GUILD, details, createdBy, at: Date.now() }))) as never)
    if (Exit.isFailure(exit)) throw new Error(`could not store the event: ${JSON.stringify(exit.cause)}`)
    return details
  }
  return { run, answerOf, seedEvent }
}
