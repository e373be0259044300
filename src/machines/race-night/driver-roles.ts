import { participantState } from "../participant.js"
import type { EntryList } from "./entry-list.js"

export interface RoleChange {
  readonly memberId: string
  readonly give: boolean
}

/**
 * What makes the event's driver role match its grid again, among everyone who ever registered:
 * the role for each member on the grid, none for anyone else. `holds` says whether a member has
 * the role now, or undefined when Discord no longer knows them (they left the server: nothing to
 * change). Members who never registered are not Pitboard's to judge.
 */
export const driverRoleChanges = (list: EntryList, holds: (memberId: string) => boolean | undefined): ReadonlyArray<RoleChange> =>
  list.participants.flatMap((participant) => {
    const memberId = participant.context.memberId
    const has = holds(memberId)
    const should = participantState(participant) === "grid"
    return has === undefined || has === should ? [] : [{ memberId, give: should }]
  })
