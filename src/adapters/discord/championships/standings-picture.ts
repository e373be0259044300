import { createHash } from "node:crypto"
import type { ChampionshipTable } from "../../../app/championships/standings-use-cases.js"

// What the standings picture shows, apart from how it is drawn: built and cached on the main thread
// without the canvas module, which only the picture worker loads.

export interface StandingsCell {
  readonly text: string
  readonly dropped: boolean
  readonly didNotFinish: boolean
}

export interface StandingsPictureRow {
  readonly position: number
  readonly name: string
  readonly team: string | null
  readonly cells: ReadonlyArray<StandingsCell>
  readonly wins: number
  readonly total: number
  readonly penaltyPoints: number
}

export interface StandingsPicture {
  readonly title: string
  readonly subtitle: string
  readonly rounds: ReadonlyArray<string>
  readonly classes: ReadonlyArray<{ readonly name: string; readonly rows: ReadonlyArray<StandingsPictureRow> }>
}

/** Beyond this many rows per class the picture stops being readable on a phone; the export has them all. */
export const MAX_PICTURE_ROWS = 60
/** The latest rounds only, so the table stays within a phone's width when zoomed. */
export const MAX_PICTURE_ROUNDS = 16

export const standingsPicture = (table: ChampionshipTable): StandingsPicture => {
  const rounds = table.standings.rounds
  const first = Math.max(0, rounds.length - MAX_PICTURE_ROUNDS)
  return {
    title: table.championship.name,
    subtitle: `${table.system.name}${table.system.dropWorst > 0 ? ` · worst ${table.system.dropWorst} dropped` : ""} · after ${rounds.length} round${rounds.length === 1 ? "" : "s"}`,
    rounds: rounds.slice(first).map((round) => `R${round.round}`),
    classes: table.standings.classes.map((ofClass) => ({
      name: ofClass.carClass,
      rows: ofClass.drivers.slice(0, MAX_PICTURE_ROWS).map((driver) => ({
        position: driver.position,
        name: driver.name,
        team: driver.team,
        wins: driver.wins,
        total: driver.total,
        penaltyPoints: driver.penaltyPoints,
        cells: driver.rounds.slice(first).map((round) => ({ text: round.points === null ? "–" : String(round.points), dropped: round.dropped && round.points !== null, didNotFinish: round.didNotFinish })),
      })),
    })),
  }
}

/** A digest of everything the picture shows: a new result or penalty changes it, so a cached picture is never stale. */
export const standingsPictureKey = (picture: StandingsPicture): string => createHash("sha256").update(JSON.stringify(picture)).digest("base64url")
