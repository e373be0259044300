import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { Transaction } from "kysely"
import { Iracing } from "../../adapters/iracing/index.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { deleteLink, readLink, readLinkByCustomer, readLinks, saveLink } from "../../adapters/sqlite/repositories/member-links.js"
import { readActiveClaimsOf } from "../../adapters/sqlite/repositories/number-claims.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import { stepStoredClaim } from "../numbers/claim-use-cases.js"
import { refuse } from "../refusal.js"
import { writeTransaction, readQuery } from "../transaction.js"
import { explainIracing } from "./errors.js"
import { leagueOf } from "./league.js"

/**
 * What a member typed in /number link: a customer id, or a name picked from autocomplete (whose
 * value is the customer id). A bare name is looked up and must match exactly one driver.
 */
const resolveDriver = (guildId: string, typed: string) =>
  Effect.gen(function* () {
    const iracing = yield* Iracing
    const text = typed.trim()
    if (/^\d{1,10}$/.test(text)) {
      const found = yield* iracing.member(Number(text)).pipe(Effect.mapError(explainIracing))
      if (Option.isNone(found)) return yield* Effect.fail(refuse(`iRacing has no member with customer id ${text}. Check the number on your iRacing profile.`))
      return found.value
    }
    if (text.length < 2) return yield* Effect.fail(refuse("Type at least two letters of your iRacing name, or your customer id, and pick from the list."))
    const league = yield* leagueOf(guildId)
    const matches = yield* iracing.lookupDrivers(text, league).pipe(Effect.mapError(explainIracing))
    const exact = matches.filter((driver) => driver.displayName.toLowerCase() === text.toLowerCase())
    const [only, ...more] = exact.length > 0 ? exact : matches
    if (only === undefined) return yield* Effect.fail(refuse(`No iRacing member matches "${text}"${league === undefined ? "" : " in the league"}. Try your customer id instead.`))
    if (more.length > 0) return yield* Effect.fail(refuse(`"${text}" matches ${matches.length} iRacing members. Pick one from the list, or type your customer id.`))
    return only
  })

/**
 * "Confirmed" means the roster shows the number for the member's linked driver. Without that link
 * (or with a link to another driver) nothing vouches for it any more, so it goes back to pending
 * at once rather than at the next sync, and the sync report never shows it confirmed and unlinked.
 */
const unconfirmClaimsOf = async (trx: Transaction<DB>, guildId: string, memberId: string, actorId: string, at: number, reason: string) => {
  const confirmed = (await readActiveClaimsOf(trx, guildId, memberId)).filter((claim) => claim.status === "confirmed")
  for (const claim of confirmed) await stepStoredClaim(trx, guildId, claim.id, { type: "UNCONFIRM", actorId, at, reason }, "number.unconfirm")
  return confirmed.map((claim) => claim.number)
}

export const linkMember = Effect.fnUntraced(function* (guildId: string, actorId: string, memberId: string, typed: string) {
  const driver = yield* resolveDriver(guildId, typed)
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("links.link", async (trx) => {
    const other = await readLinkByCustomer(trx, guildId, driver.custId)
    if (other !== undefined && other.memberId !== memberId) {
      throw refuse(`${driver.displayName} (${driver.custId}) is already linked to <@${other.memberId}>. An admin can unlink them first.`)
    }
    const previous = await readLink(trx, guildId, memberId)
    if (previous !== undefined && previous.custId !== driver.custId) {
      await unconfirmClaimsOf(trx, guildId, memberId, actorId, now, `iRacing link changed from ${previous.custId} to ${driver.custId}`)
    }
    await saveLink(trx, guildId, { memberId, custId: driver.custId, iracingName: driver.displayName, linkedBy: actorId, linkedAt: now })
    await appendAudit(trx, { guildId, actorId, action: "link.set", subject: memberId, details: { custId: driver.custId, iracingName: driver.displayName }, at: now })
    return driver
  })
})

export const unlinkMember = Effect.fnUntraced(function* (guildId: string, actorId: string, memberId: string) {
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("links.unlink", async (trx) => {
    const existing = await readLink(trx, guildId, memberId)
    if (existing === undefined || !(await deleteLink(trx, guildId, memberId))) throw refuse(memberId === actorId ? "You have no iRacing link." : `<@${memberId}> has no iRacing link.`)
    const unconfirmed = await unconfirmClaimsOf(trx, guildId, memberId, actorId, now, `iRacing link to ${existing.custId} removed`)
    await appendAudit(trx, { guildId, actorId, action: "link.remove", subject: memberId, details: { custId: existing.custId }, at: now })
    return { removed: existing, unconfirmed }
  })
})

export const linksOf = (guildId: string) => readQuery("links.list", (k) => readLinks(k, guildId))
export const linkOf = (guildId: string, memberId: string) => readQuery("links.read", (k) => readLink(k, guildId, memberId))
