import { newId } from "../ids.js"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { championshipNameKey, checkChampionshipForm, nextRound, orderRounds, rankChampionshipMatches, type ChampionshipFields, type ChampionshipForm, type Round, type StoredChampionship } from "../../domain/events/championship-rules.js"
import { Database } from "../../adapters/sqlite/database.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { insertChampionship, readChampionship, readChampionshipByKey, readChampionshipEvents, readChampionships, setChampionshipArchived, updateChampionship, type ChampionshipEvent } from "../../adapters/sqlite/repositories/championships.js"
import { readTracks } from "../../adapters/sqlite/repositories/tracks.js"
import { refuse } from "../refusal.js"
import { writeTransaction, readQuery } from "../transaction.js"
import { trackLabel } from "../../domain/events/track-rules.js"


export const CHAMPIONSHIP_PAGE_SIZE = 10
const MAX_CHOICES = 25

const checked = (form: ChampionshipForm) => {
  const fields = checkChampionshipForm(form)
  return Either.isLeft(fields) ? Effect.fail(refuse(fields.left)) : Effect.succeed(fields.right)
}

const duplicate = (fields: Pick<ChampionshipFields, "name">) => refuse(`A championship called “${fields.name}” already exists. Edit that one with /championship edit, or choose another name.`)

export const createChampionship = Effect.fnUntraced(function* (guildId: string, actorId: string, form: ChampionshipForm) {
  const fields = yield* checked(form)
  const now = yield* Clock.currentTimeMillis
  const nameKey = championshipNameKey(fields.name)
  return yield* writeTransaction(
    "championships.create",
    async (trx) => {
      const existing = await readChampionshipByKey(trx, guildId, nameKey)
      if (existing !== undefined) throw duplicate(existing)
      const created = await insertChampionship(trx, guildId, newId(), { ...fields, nameKey }, now)
      await appendAudit(trx, { guildId, actorId, action: "championships.create", subject: created.name, details: { id: created.id, ...fields }, at: now })
      return created
    },
    () => Effect.fail(duplicate(fields)),
  )
})

export const editChampionship = Effect.fnUntraced(function* (guildId: string, actorId: string, championshipId: string, form: ChampionshipForm) {
  const fields = yield* checked(form)
  const now = yield* Clock.currentTimeMillis
  const nameKey = championshipNameKey(fields.name)
  return yield* writeTransaction(
    "championships.edit",
    async (trx) => {
      const before = await readChampionship(trx, guildId, championshipId)
      if (before === undefined) throw refuse("That championship no longer exists. Create it again with /championship create.")
      const clash = await readChampionshipByKey(trx, guildId, nameKey)
      if (clash !== undefined && clash.id !== championshipId) throw duplicate(clash)
      await updateChampionship(trx, guildId, championshipId, { ...fields, nameKey })
      const after: StoredChampionship = { ...before, ...fields }
      await appendAudit(trx, { guildId, actorId, action: "championships.edit", subject: after.name, details: { id: after.id, ...fields, before: { name: before.name, description: before.description } }, at: now })
      return { before, after }
    },
    () => Effect.fail(duplicate(fields)),
  )
})

/** Archiving hides a finished season from the wizard's list; its rounds and history stay. */
export const setArchived = Effect.fnUntraced(function* (guildId: string, actorId: string, championshipId: string, archived: boolean) {
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("championships.archive", async (trx) => {
    const found = await readChampionship(trx, guildId, championshipId)
    if (found === undefined) throw refuse("That championship no longer exists.")
    if (found.archived === archived) {
      throw refuse(archived ? `**${found.name}** is already archived. Bring it back with /championship unarchive.` : `**${found.name}** isn't archived.`)
    }
    await setChampionshipArchived(trx, guildId, championshipId, archived)
    await appendAudit(trx, { guildId, actorId, action: archived ? "championships.archive" : "championships.unarchive", subject: found.name, details: { id: found.id }, at: now })
    return { ...found, archived }
  })
})

export interface ChampionshipSummary {
  readonly championship: StoredChampionship
  readonly rounds: number
  readonly next: ChampionshipEvent | undefined
}

/** Active championships first, then archived ones, each with its round count and next round. */
export const championshipPage = (guildId: string, requested: number) =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    readQuery("championships.page", async (db) => {
      const [all, events] = await Promise.all([readChampionships(db, guildId, true), readChampionshipEvents(db, guildId)])
      const pageCount = Math.max(1, Math.ceil(all.length / CHAMPIONSHIP_PAGE_SIZE))
      const page = Math.min(Math.max(0, requested), pageCount - 1)
      const entries: ReadonlyArray<ChampionshipSummary> = all.slice(page * CHAMPIONSHIP_PAGE_SIZE, (page + 1) * CHAMPIONSHIP_PAGE_SIZE).map((championship) => {
        const rounds = orderRounds(events.filter((event) => event.championshipId === championship.id), now)
        return { championship, rounds: rounds.length, next: nextRound(rounds) }
      })
      return { entries, total: all.length, active: all.filter((c) => !c.archived).length, page, pageCount }
    }),
  )

export interface ChampionshipRounds {
  readonly championship: StoredChampionship
  readonly rounds: ReadonlyArray<Round<ChampionshipEvent> & { readonly track: string | null }>
}

export const championshipRounds = (guildId: string, championshipId: string) =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    Effect.flatMap(
      readQuery("championships.rounds", async (db) => {
        const championship = await readChampionship(db, guildId, championshipId)
        if (championship === undefined) return undefined
        const [events, tracks] = await Promise.all([readChampionshipEvents(db, guildId, championshipId), readTracks(db, guildId)])
        const labels = new Map(tracks.map((track) => [track.id, trackLabel(track)]))
        // A track removed after its event ended leaves no name to show; the round still counts.
        const rounds = orderRounds(events, now).map((round) => ({ ...round, track: labels.get(round.trackId) ?? null }))
        return { championship, rounds } satisfies ChampionshipRounds
      }),
      (found) => (found === undefined ? Effect.fail(refuse("That championship no longer exists.")) : Effect.succeed(found)),
    ),
  )

export interface ChoiceOptions {
  /** The wizard offers active championships only; edit, show and unarchive need the archived ones too. */
  readonly includeArchived?: boolean
}

/**
 * Autocomplete for any option that picks a championship (here, and the event wizard): at most 25
 * `{ name, value: <championship id> }`, best matches first; archived ones only when asked, marked.
 */
export const championshipChoices = (
  guildId: string,
  typed: string,
  options: ChoiceOptions = {},
): Effect.Effect<ReadonlyArray<{ readonly name: string; readonly value: string }>, never, Database> =>
  Effect.map(readQuery("championships.choices", (db) => readChampionships(db, guildId, options.includeArchived === true)), (all) =>
    rankChampionshipMatches(all, typed)
      .slice(0, MAX_CHOICES)
      .map((c) => ({ name: c.archived ? `${c.name.slice(0, 85)} (archived)` : c.name, value: c.id })),
  )

/** The championship an option names: its id from autocomplete, or a name typed in full. */
export const findChampionship = (guildId: string, idOrName: string) =>
  Effect.flatMap(
    readQuery("championships.find", async (db) => (await readChampionship(db, guildId, idOrName)) ?? (await readChampionshipByKey(db, guildId, championshipNameKey(idOrName)))),
    (found) =>
      found === undefined
        ? Effect.fail(refuse(`No championship matches “${idOrName.trim().slice(0, 60)}”. Pick one from the list as you type, or see /championship list.`))
        : Effect.succeed(found),
  )
