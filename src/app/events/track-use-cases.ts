import { newId } from "../ids.js"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { checkTrackForm, holdsTrack, rankTrackMatches, trackNameKey, type TrackFields, type TrackForm, type StoredTrack, trackLabel } from "../../domain/events/track-rules.js"
import { Database } from "../../adapters/sqlite/database.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { deleteTrack, insertTrack, readEventsOnTrack, readTrack, readTrackByKey, readTrackPage, readTracks, updateTrack, type EventUsingTrack } from "../../adapters/sqlite/repositories/tracks.js"
import { refuse } from "../refusal.js"
import { writeTransaction, readQuery } from "../transaction.js"


export const TRACK_PAGE_SIZE = 10
/** Discord shows at most 25 autocomplete choices. */
const MAX_CHOICES = 25
/** Events named in a refusal; the rest are counted, so the reply stays short. */
const MAX_NAMED_EVENTS = 10

/** What an edit does to the track's picture. */
export type ImageChange = { readonly _tag: "keep" } | { readonly _tag: "set"; readonly url: string } | { readonly _tag: "clear" }

const checked = (form: TrackForm) => {
  const fields = checkTrackForm(form)
  return Either.isLeft(fields) ? Effect.fail(refuse(fields.left)) : Effect.succeed(fields.right)
}

const duplicate = (fields: Pick<TrackFields, "name" | "layout">) =>
  refuse(`${trackLabel(fields)} is already on the track list. Edit that one with /track edit, or give this one a different layout.`)

const auditDetails = (track: StoredTrack) => ({ id: track.id, name: track.name, layout: track.layout, pitSlots: track.pitSlots, broadcastSlots: track.broadcastSlots, details: track.details, imageUrl: track.imageUrl })

export const addTrack = Effect.fnUntraced(function* (guildId: string, actorId: string, form: TrackForm, imageUrl: string | null) {
  const fields = yield* checked(form)
  const now = yield* Clock.currentTimeMillis
  const nameKey = trackNameKey(fields.name, fields.layout)
  return yield* writeTransaction(
    "tracks.add",
    async (trx) => {
      const existing = await readTrackByKey(trx, guildId, nameKey)
      if (existing !== undefined) throw duplicate(existing)
      const track = await insertTrack(trx, guildId, newId(), { ...fields, nameKey, imageUrl }, now)
      await appendAudit(trx, { guildId, actorId, action: "tracks.add", subject: trackLabel(track), details: auditDetails(track), at: now })
      return track
    },
    // Two admins adding the same track at the same moment: the unique index decides, the loser is told.
    () => Effect.fail(duplicate(fields)),
  )
})

export const editTrack = Effect.fnUntraced(function* (guildId: string, actorId: string, trackId: string, form: TrackForm, image: ImageChange) {
  const fields = yield* checked(form)
  const now = yield* Clock.currentTimeMillis
  const nameKey = trackNameKey(fields.name, fields.layout)
  return yield* writeTransaction(
    "tracks.edit",
    async (trx) => {
      const before = await readTrack(trx, guildId, trackId)
      if (before === undefined) throw refuse("That track was removed meanwhile. Add it again with /track add.")
      const clash = await readTrackByKey(trx, guildId, nameKey)
      if (clash !== undefined && clash.id !== trackId) throw duplicate(clash)
      const imageUrl = image._tag === "keep" ? before.imageUrl : image._tag === "set" ? image.url : null
      await updateTrack(trx, guildId, trackId, { ...fields, nameKey, imageUrl })
      const after: StoredTrack = { id: trackId, ...fields, imageUrl }
      await appendAudit(trx, { guildId, actorId, action: "tracks.edit", subject: trackLabel(after), details: { ...auditDetails(after), before: auditDetails(before) }, at: now })
      return { before, after }
    },
    () => Effect.fail(duplicate(fields)),
  )
})

const eventLine = (event: EventUsingTrack) => {
  const at = Math.floor(event.startsAt / 1000)
  return `**${event.title}** (<t:${at}:F>, <t:${at}:R>)`
}

/** Published events that haven't ended still show the track's details, so the track stays until they're over or cancelled. */
export const removeTrack = Effect.fnUntraced(function* (guildId: string, actorId: string, trackId: string) {
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("tracks.remove", async (trx) => {
    const track = await readTrack(trx, guildId, trackId)
    if (track === undefined) throw refuse("That track was already removed.")
    const holding = (await readEventsOnTrack(trx, guildId, trackId)).filter((event) => holdsTrack(event, now))
    if (holding.length > 0) {
      const named = holding.slice(0, MAX_NAMED_EVENTS).map((event) => `• ${eventLine(event)}`)
      const more = holding.length > MAX_NAMED_EVENTS ? [`…and ${holding.length - MAX_NAMED_EVENTS} more.`] : []
      throw refuse(
        [`**${trackLabel(track)}** is still used by ${holding.length === 1 ? "an event that hasn't ended" : `${holding.length} events that haven't ended`}:`, ...named, ...more, "Cancel those events or move them to another track first, or remove the track once they're over."].join("\n"),
      )
    }
    await deleteTrack(trx, guildId, trackId)
    await appendAudit(trx, { guildId, actorId, action: "tracks.remove", subject: trackLabel(track), details: auditDetails(track), at: now })
    return track
  })
})

/** The page asked for, or the last one there is now if the list shrank since the button was drawn. */
export const trackPage = (guildId: string, requested: number) =>
  readQuery("tracks.page", async (db) => {
    const first = await readTrackPage(db, guildId, requested * TRACK_PAGE_SIZE, TRACK_PAGE_SIZE)
    const pageCount = Math.max(1, Math.ceil(first.total / TRACK_PAGE_SIZE))
    const page = Math.min(Math.max(0, requested), pageCount - 1)
    const result = page === requested ? first : await readTrackPage(db, guildId, page * TRACK_PAGE_SIZE, TRACK_PAGE_SIZE)
    return { ...result, page, pageCount }
  })

/** A choice's name says how big the track is, so an admin picks the right layout at a glance; ≤ 100 characters, as Discord requires. */
export const trackChoiceLabel = (track: StoredTrack): string => {
  const slots = `${track.pitSlots} pit slots${track.broadcastSlots > 0 ? `, ${track.broadcastSlots} broadcast` : ""}`
  const label = trackLabel(track)
  const suffix = ` · ${slots}`
  return label.length + suffix.length <= 100 ? label + suffix : `${label.slice(0, 99 - suffix.length)}…${suffix}`
}

/**
 * Autocomplete for any option that picks one of the guild's tracks (here, and the event wizard):
 * at most 25 `{ name: "Spa — GP · 40 pit slots", value: <track id> }`, best matches first.
 */
export const trackChoices = (guildId: string, typed: string): Effect.Effect<ReadonlyArray<{ readonly name: string; readonly value: string }>, never, Database> =>
  Effect.map(readQuery("tracks.choices", (db) => readTracks(db, guildId)), (tracks) =>
    rankTrackMatches(tracks, typed)
      .slice(0, MAX_CHOICES)
      .map((track) => ({ name: trackChoiceLabel(track), value: track.id })),
  )

/**
 * The track an option names: its id as autocomplete sends it, or, when the admin typed and sent
 * without picking, a name (or "name — layout") that fits exactly one track.
 */
export const findTrack = (guildId: string, idOrName: string) =>
  Effect.flatMap(
    readQuery("tracks.find", async (db) => {
      const byId = await readTrack(db, guildId, idOrName)
      return byId === undefined ? { byId, all: await readTracks(db, guildId) } : { byId, all: [] }
    }),
    ({ byId, all }) => {
      if (byId !== undefined) return Effect.succeed(byId)
      const typed = idOrName.trim().toLowerCase()
      const exact = all.filter((t) => trackLabel(t).toLowerCase() === typed || t.name.toLowerCase() === typed)
      const [only] = exact
      if (exact.length === 1 && only !== undefined) return Effect.succeed(only)
      const why =
        exact.length > 1
          ? `Several tracks are called “${idOrName.trim()}”; pick the layout from the list as you type.`
          : `No track matches “${idOrName.trim().slice(0, 60)}”. Pick one from the list as you type, or see /track list.`
      return Effect.fail(refuse(why))
    },
  )
