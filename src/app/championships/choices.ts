/** Autocomplete for the stewards' options: the drivers and rounds of one championship, best matches first. */
import * as Effect from "effect/Effect"
import { readRounds } from "../../adapters/sqlite/repositories/championship-results.js"
import { readChampionshipEvents } from "../../adapters/sqlite/repositories/championships.js"
import { readQuery } from "../transaction.js"

const MAX_CHOICES = 25

const matching = <T extends { readonly name: string }>(items: ReadonlyArray<T>, typed: string) => {
  const needle = typed.trim().toLowerCase()
  return items
    .filter((item) => item.name.toLowerCase().includes(needle))
    .sort((a, b) => Number(!a.name.toLowerCase().startsWith(needle)) - Number(!b.name.toLowerCase().startsWith(needle)))
    .slice(0, MAX_CHOICES)
}

export const driverChoices = (guildId: string, championshipId: string, typed: string) =>
  Effect.map(readQuery("championships.driver-choices", (db) => readRounds(db, guildId, championshipId)), (rounds) => {
    const drivers = new Map<string, string>()
    for (const round of rounds) for (const result of round.results) drivers.set(result.driverId, `${result.name} (${result.carClass})`)
    return matching([...drivers].map(([value, name]) => ({ name: name.slice(0, 100), value })), typed)
  })

export const roundChoices = (guildId: string, championshipId: string, typed: string) =>
  Effect.map(readQuery("championships.round-choices", (db) => readRounds(db, guildId, championshipId)), (rounds) =>
    matching([...rounds].reverse().map((round) => ({ name: `Round ${round.round}: ${round.label}`.slice(0, 100), value: round.roundId })), typed),
  )

/** The championship's rounds (its events), latest first, for results entered by hand. */
export const eventChoices = (guildId: string, championshipId: string, typed: string) =>
  Effect.map(readQuery("championships.event-choices", (db) => readChampionshipEvents(db, guildId, championshipId)), (events) =>
    matching(
      [...events].reverse().map((event) => ({ name: `${new Date(event.startsAt).toISOString().slice(0, 10)} ${event.title}`.slice(0, 100), value: event.id })),
      typed,
    ),
  )

/** The round (event) results are entered for; undefined when it is not one of the championship's. */
export const findRoundEvent = (guildId: string, championshipId: string, eventId: string) =>
  readQuery("championships.round-event", async (db) => (await readChampionshipEvents(db, guildId, championshipId)).find((event) => event.id === eventId))
