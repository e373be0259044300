/**
 * The rules for a guild's track list: what an admin may type into the track form, which image
 * may be attached, how two tracks count as the same one, and which events keep a track from
 * being removed. Each check returns the tidied value or a reason that says what to do instead.
 */
import * as Either from "effect/Either"
import { PIT_SLOTS_MAX } from "./validation.js"

export const TRACK_NAME_MAX = 100
export const TRACK_LAYOUT_MAX = 100
export const TRACK_DETAILS_MAX = 1000
export const PIT_SLOTS_MIN = 1
export { PIT_SLOTS_MAX }

type Check<A> = Either.Either<A, string>

/** The form as typed: every field is text, exactly as the modal hands it over. */
export interface TrackForm {
  readonly name: string
  readonly layout: string
  readonly pitSlots: string
  readonly broadcastSlots: string
  readonly details: string
}

export interface TrackFields {
  readonly name: string
  readonly layout: string
  readonly pitSlots: number
  readonly broadcastSlots: number
  readonly details: string
}

/** Runs of spaces collapse, so "Spa  Francorchamps" and "Spa Francorchamps" are one track. */
/** Trimmed, with runs of spaces made one: how names are stored and compared. */
export const tidy = (text: string): string => text.trim().replace(/\s+/g, " ")

/** Same circuit and layout, whatever the case or spacing: the database keeps one of each per guild. */
export const trackNameKey = (name: string, layout: string): string => `${tidy(name)}|${tidy(layout)}`.toLowerCase()

const slotsOf = (text: string, what: string): Check<number> => {
  const trimmed = text.trim()
  if (!/^\d{1,6}$/.test(trimmed)) return Either.left(`${what} must be a whole number, like 24 (you entered “${trimmed.slice(0, 20)}”).`)
  return Either.right(Number(trimmed))
}

export const checkTrackForm = (form: TrackForm): Check<TrackFields> => {
  const name = tidy(form.name)
  const layout = tidy(form.layout)
  const details = form.details.trim()
  if (name.length === 0) return Either.left("The track needs a name, like “Spa-Francorchamps”.")
  if (name.length > TRACK_NAME_MAX) return Either.left(`The name is ${name.length} characters; the limit is ${TRACK_NAME_MAX}. Put the layout in its own field.`)
  if (layout.length > TRACK_LAYOUT_MAX) return Either.left(`The layout is ${layout.length} characters; the limit is ${TRACK_LAYOUT_MAX}. Shorten it and put the rest in the details.`)
  if (details.length > TRACK_DETAILS_MAX) return Either.left(`The details are ${details.length} characters; the limit is ${TRACK_DETAILS_MAX}. Shorten them, or link to a page with the rest.`)
  const pit = slotsOf(form.pitSlots, "Pit slots")
  if (Either.isLeft(pit)) return Either.left(pit.left)
  const pitSlots = pit.right
  if (pitSlots < PIT_SLOTS_MIN || pitSlots > PIT_SLOTS_MAX) {
    return Either.left(`Pit slots must be between ${PIT_SLOTS_MIN} and ${PIT_SLOTS_MAX}; you entered ${pitSlots}. Enter how many cars the pit lane holds.`)
  }
  // Empty means none: most tracks keep no slot for a broadcast car.
  const broadcast = form.broadcastSlots.trim() === "" ? Either.right(0) : slotsOf(form.broadcastSlots, "Broadcast slots")
  if (Either.isLeft(broadcast)) return Either.left(broadcast.left)
  const broadcastSlots = broadcast.right
  if (broadcastSlots >= pitSlots) {
    return Either.left(`Broadcast slots must be fewer than the ${pitSlots} pit slots, so at least one is left for a driver; enter ${pitSlots - 1} or fewer.`)
  }
  return Either.right({ name, layout, pitSlots, broadcastSlots, details })
}

/** What Discord says about an attached file; only the fields the check needs. */
export interface AttachedFile {
  readonly filename: string
  readonly contentType: string | null
  readonly url: string
}

/** Embeds show images only, so anything else is refused before the form even opens. */
export const checkTrackImage = (file: AttachedFile): Check<string> => {
  const type = (file.contentType ?? "").trim().toLowerCase()
  if (!type.startsWith("image/")) {
    const what = type === "" ? "a file of unknown type" : `a ${type} file`
    return Either.left(`“${file.filename.slice(0, 60)}” is ${what}, not an image. Attach a PNG, JPEG, GIF or WebP picture of the track, or leave the image out.`)
  }
  try {
    const url = new URL(file.url)
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("not a web address")
    return Either.right(url.href)
  } catch {
    return Either.left("Discord didn't give a usable link for that image. Attach it again.")
  }
}

/** Just enough of a stored event to decide whether it still needs its track. */
export interface EventOnTrack {
  readonly status: "published" | "cancelled"
  readonly endsAt: number
}

/**
 * A published event that has not ended still needs its track's details; a cancelled or finished
 * one keeps its own copy of them, so it doesn't hold the track back.
 */
export const holdsTrack = (event: EventOnTrack, now: number): boolean => event.status === "published" && event.endsAt > now

/** Case-insensitive match on any part of "name — layout", best matches first, for autocomplete. */
export const rankTrackMatches = <T extends { readonly name: string; readonly layout: string }>(tracks: ReadonlyArray<T>, typed: string): ReadonlyArray<T> => {
  const needle = tidy(typed).toLowerCase()
  if (needle === "") return tracks
  const scored = tracks.flatMap((track, index) => {
    const name = track.name.toLowerCase()
    const full = `${name} ${track.layout.toLowerCase()}`
    const score = name.startsWith(needle) ? 0 : full.split(/[\s\-—]+/).some((word) => word.startsWith(needle)) ? 1 : full.includes(needle) ? 2 : -1
    return score < 0 ? [] : [{ track, score, index }]
  })
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((entry) => entry.track)
}

/** A track of the server's list, as stored. */
export interface StoredTrack {
  readonly id: string
  readonly name: string
  readonly layout: string
  readonly pitSlots: number
  readonly broadcastSlots: number
  readonly details: string
  readonly imageUrl: string | null
}

/** "Spa-Francorchamps — Endurance", or the name alone when there is no layout. */
export const trackLabel = (track: Pick<StoredTrack, "name" | "layout">): string => (track.layout === "" ? track.name : `${track.name} — ${track.layout}`)

