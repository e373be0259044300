/**
 * Keeping Discord claims and the iRacing league roster in step. iRacing has no write API, so the
 * bot can only change its own side (confirm or un-confirm claims) and hand admins a list of what
 * to type into the roster page. Everything here is a pure function of the three inputs.
 *
 * Decisions:
 * - Numbers are compared as exact strings: a roster "07" does not confirm a claim on "7".
 * - A member is matched to the roster only through their link (cust id), never by name.
 * - A member holding numbers in several classes can only show one in iRacing: the claim whose
 *   number the roster shows is confirmed; the others are listed as not settable.
 * - Only claims of `guildId` are considered, whatever else is passed in.
 */
import { compareNumbers } from "../numbers/car-number.js"
import type { Claim } from "../numbers/claims.js"

export interface MemberLink {
  readonly memberId: string
  readonly custId: number
  readonly iracingName: string
}

export interface RosterEntry {
  readonly custId: number
  readonly displayName: string
  /** As iRacing stores it: a string with its leading zeros, or null when unset. */
  readonly carNumber: string | null
}

export interface ToSetInIracing {
  readonly memberId: string
  readonly custId: number
  readonly iracingName: string
  readonly claimId: string
  readonly number: string
  /** What the roster shows now. */
  readonly rosterNumber: string | null
}

export interface UnclaimedInDiscord {
  readonly custId: number
  readonly iracingName: string
  readonly rosterNumber: string
  /** The linked Discord member, when there is one. */
  readonly memberId: string | null
}

export interface RosterDuplicate {
  readonly number: string
  readonly members: ReadonlyArray<{ readonly custId: number; readonly iracingName: string }>
}

export interface SyncPlan {
  /** Claims the roster shows as set: move to `confirmed`. */
  readonly confirm: ReadonlyArray<string>
  /** Confirmed claims the roster no longer shows: back to `claimed`. */
  readonly unconfirm: ReadonlyArray<string>
}

export interface SyncReport {
  readonly plan: SyncPlan
  readonly confirmedCount: number
  readonly toSet: ReadonlyArray<ToSetInIracing>
  readonly extraClaims: ReadonlyArray<ToSetInIracing>
  readonly unclaimed: ReadonlyArray<UnclaimedInDiscord>
  readonly duplicates: ReadonlyArray<RosterDuplicate>
  readonly linkedNotInLeague: ReadonlyArray<MemberLink>
  /** Members with active claims and no iRacing link: nothing to compare against. */
  readonly unlinkedHolders: ReadonlyArray<string>
  /** Roster members whose link is confirmed by the roster. */
  readonly verifiedLinks: ReadonlyArray<string>
}

const byNumberThenName = <T extends { readonly iracingName: string }>(numberOf: (t: T) => string) => (a: T, b: T) =>
  compareNumbers(numberOf(a), numberOf(b)) || a.iracingName.localeCompare(b.iracingName)

export const reconcile = (guildId: string, claims: ReadonlyArray<Claim>, links: ReadonlyArray<MemberLink>, roster: ReadonlyArray<RosterEntry>): SyncReport => {
  const active = claims.filter((claim) => claim.guildId === guildId)
  const rosterByCust = new Map(roster.map((entry) => [entry.custId, entry]))
  const linkByMember = new Map(links.map((link) => [link.memberId, link]))
  const linkByCust = new Map(links.map((link) => [link.custId, link]))

  const confirm: string[] = []
  const unconfirm: string[] = []
  const toSet: ToSetInIracing[] = []
  const extraClaims: ToSetInIracing[] = []
  const unlinkedHolders = new Set<string>()
  let confirmedCount = 0

  const holders = [...new Set(active.map((claim) => claim.holderId))]
  for (const memberId of holders) {
    const theirs = active.filter((claim) => claim.holderId === memberId)
    const link = linkByMember.get(memberId)
    if (link === undefined) {
      unlinkedHolders.add(memberId)
      continue
    }
    const rosterNumber = rosterByCust.get(link.custId)?.carNumber ?? null
    const shown = theirs.find((claim) => claim.number === rosterNumber)
    for (const claim of theirs) {
      if (claim === shown) {
        confirmedCount++
        if (claim.status === "claimed") confirm.push(claim.id)
        continue
      }
      if (claim.status === "confirmed") unconfirm.push(claim.id)
      const item = { memberId, custId: link.custId, iracingName: link.iracingName, claimId: claim.id, number: claim.number, rosterNumber }
      if (shown === undefined && claim === theirs[0]) toSet.push(item)
      else extraClaims.push(item)
    }
  }

  const claimedByCust = (custId: number, number: string) => {
    const link = linkByCust.get(custId)
    return link !== undefined && active.some((claim) => claim.holderId === link.memberId && claim.number === number)
  }
  const unclaimed: UnclaimedInDiscord[] = roster
    .filter((entry): entry is RosterEntry & { carNumber: string } => entry.carNumber !== null && !claimedByCust(entry.custId, entry.carNumber))
    .map((entry) => ({ custId: entry.custId, iracingName: entry.displayName, rosterNumber: entry.carNumber, memberId: linkByCust.get(entry.custId)?.memberId ?? null }))

  const byNumber = new Map<string, RosterEntry[]>()
  for (const entry of roster) if (entry.carNumber !== null) byNumber.set(entry.carNumber, [...(byNumber.get(entry.carNumber) ?? []), entry])
  const duplicates: RosterDuplicate[] = [...byNumber]
    .filter(([, entries]) => entries.length > 1)
    .map(([number, entries]) => ({ number, members: entries.map((e) => ({ custId: e.custId, iracingName: e.displayName })) }))
    .sort((a, b) => compareNumbers(a.number, b.number))

  return {
    plan: { confirm, unconfirm },
    confirmedCount,
    toSet: toSet.sort(byNumberThenName((t) => t.number)),
    extraClaims: extraClaims.sort(byNumberThenName((t) => t.number)),
    unclaimed: unclaimed.sort(byNumberThenName((u) => u.rosterNumber)),
    duplicates,
    linkedNotInLeague: links.filter((link) => !rosterByCust.has(link.custId)),
    unlinkedHolders: [...unlinkedHolders].sort(),
    verifiedLinks: links.filter((link) => rosterByCust.has(link.custId)).map((link) => link.memberId),
  }
}

/** What the claims look like after the plan is applied (for idempotence checks and previews). */
export const applyPlan = (claims: ReadonlyArray<Claim>, plan: SyncPlan, now: number): ReadonlyArray<Claim> =>
  claims.map((claim) => {
    if (plan.confirm.includes(claim.id)) return { ...claim, status: "confirmed" as const, confirmedAt: now }
    if (plan.unconfirm.includes(claim.id)) {
      const { confirmedAt: _dropped, ...rest } = claim
      return { ...rest, status: "claimed" as const }
    }
    return claim
  })

export const isEmptyPlan = (plan: SyncPlan): boolean => plan.confirm.length === 0 && plan.unconfirm.length === 0

/** One run of the roster sync, as /syncstatus and the reports read it back. */
export interface SyncRun {
  readonly id?: number
  readonly trigger: "manual" | "auto"
  readonly startedAt: number
  readonly finishedAt: number
  readonly outcome: "ok" | "failed"
  readonly summary: Readonly<Record<string, number>>
  readonly error: string | null
  readonly report?: unknown
}


/** A member's iRacing link, with who made it and when. */
export interface StoredLink extends MemberLink {
  readonly linkedBy: string
  readonly linkedAt: number
}

