import { join } from "node:path"
import type { AnySelectMenuInteraction, ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
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
import { Refusal } from "../../src/app/refusal.js"
import { AppConfig, loadConfigFromEnvironment } from "../../src/app/app-config.js"
import { BotStatus, BotStatusLive } from "../../src/app/bot-status.js"
import { ModuleAccess, ModuleAccessLive } from "../../src/app/module-access.js"
import { useTempDir } from "./sqlite-test-database.js"

const handlerLayer = (path: string) => {
  const database = DatabaseLive(path)
  const config = Layer.effect(AppConfig, loadConfigFromEnvironment({ DISCORD_TOKEN: "test-token", DISCORD_APPLICATION_ID: "1100000000000000001", DATABASE_PATH: path }).pipe(Effect.orDie))
  return Layer.mergeAll(
    database,
    config,
    FollowUpsUndelivered,
    BotStatusLive,
    ModuleAccessLive.pipe(Layer.provide(database)),
    IracingFromSettings(defaultIracingSettings).pipe(Layer.provide(database)),
  )
}

export const GUILD = "900000000000000001"

/** Just what handlers read: who, where, and the options typed. No Discord behind it, fake or real. */
export const slash = (userId: string, options: Record<string, string | boolean | number | UploadedFile> = {}, as: Member = {}) =>
  ({
    id: "1300000000000000001",
    createdTimestamp: Date.now(),
    inGuild: () => as.outsideServer !== true,
    inCachedGuild: () => false,
    guildId: as.outsideServer === true ? null : GUILD,
    user: { id: userId },
    member: as.outsideServer === true ? null : { roles: as.roles ?? [] },
    memberPermissions: as.outsideServer === true ? null : { has: () => as.managesServer === true },
    client: { users: { cache: new Map() } },
    options: {
      getString: (name: string) => (typeof options[name] === "string" ? options[name] : null),
      getBoolean: (name: string) => (typeof options[name] === "boolean" ? options[name] : null),
      getInteger: (name: string) => (typeof options[name] === "number" ? options[name] : null),
      getNumber: (name: string) => (typeof options[name] === "number" ? options[name] : null),
      getUser: (name: string) => (typeof options[name] === "string" ? { id: options[name] } : null),
      getAttachment: (name: string) => (typeof options[name] === "object" ? options[name] : null),
    },
  }) as unknown as ChatInputCommandInteraction

/** Who is acting, beyond their id: Manage Server, their roles, or not in a server at all (a DM). */
export interface Member {
  readonly managesServer?: boolean
  readonly roles?: ReadonlyArray<string>
  readonly outsideServer?: boolean
}

/** What an attachment option hands a handler: its name, size and where Discord keeps it. */
export interface UploadedFile {
  readonly name: string
  readonly size: number
  readonly url: string
}

/** A button press, for the handlers that read only who pressed it and where. */
export const press = (userId: string) => slash(userId) as unknown as ButtonInteraction

/** A choice in a select menu: who chose, and the values picked (none when the menu was emptied). */
export const choose = (userId: string, values: ReadonlyArray<string>) => ({ ...slash(userId), values: [...values] }) as unknown as AnySelectMenuInteraction

/** A route's handler, called with the fake interactions above (`I` says which; `never` takes any). */
export type RouteHandle<I = never> = (interaction: I, value: unknown) => Effect.Effect<Reply<any>, any, any>

/** The handler of the route named `name` among `routes`; a name no route has fails the test at once. */
export const routeIn = <I = never>(routes: ReadonlyArray<{ readonly id: { readonly route: string }; readonly handle: unknown }>, name: string): RouteHandle<I> => {
  const found = routes.find((route) => route.id.route === name)
  if (found === undefined) throw new Error(`no route named ${name}`)
  return found.handle as RouteHandle<I>
}

/** Everything a Reply holds (content, embeds, components, a form), as one string to search. */
export const replyText = (reply: Reply<any>) => JSON.stringify(reply)

/** A submitted form: who sent it, where, and what was typed in each field (by the field's id). */
export const submit = (userId: string, fields: Record<string, string>) =>
  ({
    ...slash(userId),
    isModalSubmit: () => true,
    isFromMessage: () => false,
    // Text inputs as both ways of reading them: by getTextInputValue, and as the field map the registration form reads.
    fields: {
      getTextInputValue: (id: string) => fields[id] ?? "",
      fields: new Map(Object.entries(fields).map(([id, value]) => [id, { customId: id, value }])),
    },
  }) as unknown as ModalSubmitInteraction

/** What the handlers tested this way may use: the real layers, over a database in a temporary folder. */
export type HandlerServices = Database | FollowUps | Iracing | AppConfig | ModuleAccess | BotStatus

/**
 * Runs handlers against a real database in a temporary folder, with follow-ups left undelivered:
 * the answer they return is what a test inspects. iRacing is off (no credentials, as on a league
 * that has not set it up); the configuration is read as the bot reads it, from an environment
 * naming only the token, the application and that database; module grants are the stored ones;
 * the bot's own status is a bot started now that never logged in. Call at describe level.
 */
export const useHandlers = () => {
  const tempDir = useTempDir()
  let runtime: ManagedRuntime.ManagedRuntime<HandlerServices, unknown> | undefined
  afterEach(async () => {
    await runtime?.dispose()
    runtime = undefined
  })
  const databasePath = () => join(tempDir(), "pitboard.sqlite")
  // Handlers are typed for the whole app; the ones tested this way need only these services.
  const run = (handler: Effect.Effect<Reply<any>, Refusal, any>) => {
    runtime ??= ManagedRuntime.make(handlerLayer(databasePath()))
    return runtime.runPromiseExit(handler as Effect.Effect<Reply<never>, Refusal, HandlerServices>)
  }
  /** What a use case or query returns, run on the same database: to arrange a test or read what a handler stored. */
  const read = <A>(effect: Effect.Effect<A, unknown, HandlerServices>): Promise<A> => {
    runtime ??= ManagedRuntime.make(handlerLayer(databasePath()))
    return runtime.runPromise(effect)
  }
  const answerOf = async (handler: Effect.Effect<Reply<any>, Refusal, any>) => {
    const exit = await run(handler)
    if (Exit.isFailure(exit)) throw new Error(`expected an answer, got ${JSON.stringify(exit.cause)}`)
    return exit.value as Reply<never>
  }
  /** What a `Later` answers once its work is done (the reply itself when it is not a `Later`). */
  const finalAnswerOf = async (handler: Effect.Effect<Reply<any>, Refusal, any>) => {
    const first = await answerOf(handler)
    return first._tag === "Later" ? answerOf(first.work) : first
  }
  /**
   * The refusal's text, which the router sends the member privately, whether the handler refused
   * at once or in its `Later` work; fails the test when the handler answered instead.
   */
  const refusalOf = async (handler: Effect.Effect<Reply<any>, Refusal, any>): Promise<string> => {
    const exit = await run(handler)
    if (Exit.isSuccess(exit) && exit.value._tag === "Later") return refusalOf(exit.value.work)
    if (Exit.isSuccess(exit)) throw new Error(`expected a refusal, got ${JSON.stringify(exit.value)}`)
    const refusal = Cause.failureOption(exit.cause)
    if (Option.isNone(refusal) || !(refusal.value instanceof Refusal)) throw new Error(`expected a refusal, got ${JSON.stringify(exit.cause)}`)
    return refusal.value.message
  }
  /** A published event a week from now (the race-night sample's details), registration open, nobody on it. */
  const seedEvent = async (eventId: string, createdBy: string) => {
    const startsAt = Date.now() + 7 * 24 * 60 * 60_000
    const details = { ...DETAILS, schedule: { ...DETAILS.schedule, startsAt } }
    const exit = await run(Effect.flatMap(Database, (db) => db.query("seed", (k) => insertEvent(k, { id: eventId, guildId: GUILD, details, createdBy, at: Date.now() }))) as never)
    if (Exit.isFailure(exit)) throw new Error(`could not store the event: ${JSON.stringify(exit.cause)}`)
    return details
  }
  return { run, read, answerOf, finalAnswerOf, refusalOf, seedEvent }
}
