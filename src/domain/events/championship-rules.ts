/**
 * Championships: what an admin may type into the championship form, and how its rounds line up.
 * A round is simply an event that names the championship; the order is the order of start times.
 */
import { tidy } from "./track-rules.js"
import * as Either from "effect/Either"

export const CHAMPIONSHIP_NAME_MAX = 100
export const CHAMPIONSHIP_DESCRIPTION_MAX = 1000

type Check<A> = Either.Either<A, string>

export interface ChampionshipForm {
  readonly name: string
  readonly description: string
}

export interface ChampionshipFields {
  readonly name: string
  readonly description: string
}

/** "GT3  Sprint Cup" and "gt3 sprint cup" are the same championship; the database keeps one per guild. */
export const championshipNameKey = (name: string): string => tidy(name).toLowerCase()

export const checkChampionshipForm = (form: ChampionshipForm): Check<ChampionshipFields> => {
  const name = tidy(form.name)
  const description = form.description.trim()
  if (name.length === 0) return Either.left("The championship needs a name, like “GT3 Sprint Cup 2026”.")
  if (name.length > CHAMPIONSHIP_NAME_MAX) return Either.left(`The name is ${name.length} characters; the limit is ${CHAMPIONSHIP_NAME_MAX}. Put the rest in the description.`)
  if (description.length > CHAMPIONSHIP_DESCRIPTION_MAX) {
    return Either.left(`The description is ${description.length} characters; the limit is ${CHAMPIONSHIP_DESCRIPTION_MAX}. Shorten it, or link to your rules document.`)
  }
  return Either.right({ name, description })
}

export type RoundStatus = "upcoming" | "in progress" | "finished" | "cancelled"

export interface RoundEvent {
  readonly id: string
  readonly status: "published" | "cancelled"
  readonly startsAt: number
  readonly endsAt: number
}

export const roundStatus = (event: RoundEvent, now: number): RoundStatus =>
  event.status === "cancelled" ? "cancelled" : now >= event.endsAt ? "finished" : now >= event.startsAt ? "in progress" : "upcoming"

export type Round<E extends RoundEvent> = E & { readonly round: number; readonly roundStatus: RoundStatus }

/**
 * Rounds in start order, numbered from 1. A cancelled round keeps its number, as league calendars
 * do ("Round 3 — cancelled"), so the numbers members already know don't shift. Ties go by id, so
 * the order never changes between two looks.
 */
export const orderRounds = <E extends RoundEvent>(events: ReadonlyArray<E>, now: number): ReadonlyArray<Round<E>> =>
  [...events]
    .sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((event, index) => ({ ...event, round: index + 1, roundStatus: roundStatus(event, now) }))

/** The next round still to start, or undefined when none is left. */
export const nextRound = <E extends RoundEvent>(rounds: ReadonlyArray<Round<E>>): Round<E> | undefined => rounds.find((round) => round.roundStatus === "upcoming")

/** Case-insensitive, names starting with the typed text first, for autocomplete. */
export const rankChampionshipMatches = <T extends { readonly name: string }>(championships: ReadonlyArray<T>, typed: string): ReadonlyArray<T> => {
  const needle = tidy(typed).toLowerCase()
  if (needle === "") return championships
  const scored = championships.flatMap((item, index) => {
    const name = item.name.toLowerCase()
    const score = name.startsWith(needle) ? 0 : name.split(/\s+/).some((word) => word.startsWith(needle)) ? 1 : name.includes(needle) ? 2 : -1
    return score < 0 ? [] : [{ item, score, index }]
  })
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((entry) => entry.item)
}

/** A championship of the server, as stored. */
export interface StoredChampionship {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly archived: boolean
}

