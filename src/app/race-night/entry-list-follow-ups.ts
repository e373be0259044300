import type { FollowUp } from "../../domain/follow-up-kinds.js"
import type { Outcome } from "../../machines/race-night/entry-list.js"
import type { StoredEvent } from "../../domain/events/event.js"

/**
 * What a change to an entry list makes happen on Discord: the driver role follows the grid,
 * members other than the one acting are told what happened to them (the actor reads theirs as
 * the reply), and the live grid shows the new list.
 */
export const followUpsOf = (event: StoredEvent, actorId: string, outcome: Pick<Outcome, "effects" | "changed">): ReadonlyArray<FollowUp> => {
  const ids = { guildId: event.guildId, eventId: event.id }
  const roleId = event.details.rolesAndChannels.driverRoleId
  const forMembers = outcome.effects.flatMap((effect): ReadonlyArray<FollowUp> => {
    switch (effect._tag) {
      case "GiveDriverRole":
      case "TakeDriverRole":
        return [{ _tag: "DriverRole", ...ids, memberId: effect.memberId, roleId, give: effect._tag === "GiveDriverRole" }]
      case "Notify":
        return effect.memberId === actorId ? [] : [{ _tag: "TellMember", ...ids, memberId: effect.memberId, notice: effect.notice }]
      default:
        return []
    }
  })
  return outcome.changed.length === 0 ? forMembers : [...forMembers, { _tag: "LiveGrid", ...ids }]
}
