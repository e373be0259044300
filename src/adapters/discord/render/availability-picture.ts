import { createHash } from "node:crypto"

// What an availability picture shows, apart from how it is drawn: the main thread builds and caches
// these without loading the canvas module, which only the picture worker does.

export type CellState = "free" | "taken" | "pending" | "reserved"

export interface AvailabilityCell {
  readonly label: string
  readonly state: CellState
}

export interface AvailabilityPicture {
  readonly title: string
  readonly subtitle?: string
  readonly cells: ReadonlyArray<AvailabilityCell>
}

/**
 * A digest of everything the picture shows. A claim, a release or a reservation changes a cell and
 * so the key, which is how a cached picture goes stale without anyone having to invalidate it.
 * Arrays, not objects, so the order of properties in a caller's object can't change the key.
 */
export const pictureKey = (picture: AvailabilityPicture): string =>
  createHash("sha256")
    .update(JSON.stringify([picture.title, picture.subtitle ?? null, picture.cells.map((cell) => [cell.label, cell.state])]))
    .digest("base64url")
