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
 * - A roster number is "unclaimed" only when no claim here has it, in any class (iRacing shows one
 *   number per driver); when someone other than the driver's linked member holds it, it is
 *   "held by someone else", naming the holder.
 * - Only a linked driver on the roster can confirm a claim: a holder without a link, or linked to a
 *   driver outside the league, has nothing confirmed and nothing to set until that changes.
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

/** A roster number that a Discord member other than this driver's linked one holds here. */
export interface HeldByOther extends UnclaimedInDiscord {
  /** Who holds the number here (several when classes share it). */
  readonly heldBy: ReadonlyArray<string>
}

/** A linked member whose driver is not on the league roster: iRacing has no number to set for them. */
export interface LinkedNotInLeague extends MemberLink {
  /** The numbers they hold here, one per claim: none can be set or confirmed until they join. */
  readonly numbers: ReadonlyArray<string>
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
  /** Roster numbers no claim here has. */
  readonly unclaimed: ReadonlyArray<UnclaimedInDiscord>
  /** Roster numbers someone holds here, but not the driver who shows them. */
  readonly heldByOthers: ReadonlyArray<HeldByOther>
  readonly duplicates: ReadonlyArray<RosterDuplicate>
  readonly linkedNotInLeague: ReadonlyArray<LinkedNotInLeague>
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
  const notInLeagueNumbers = new Map<string, ReadonlyArray<string>>()
  let confirmedCount = 0

  // Grouped once: a per-holder filter of every claim made a 2,000-member sync quadratic (~1.6 s).
  const claimsByHolder = new Map<string, Claim[]>()
  for (const claim of active) {
    const theirs = claimsByHolder.get(claim.holderId)
    if (theirs === undefined) claimsByHolder.set(claim.holderId, [claim])
    else theirs.push(claim)
  }
  for (const [memberId, theirs] of claimsByHolder) {
    const link = linkByMember.get(memberId)
    if (link === undefined) {
      unlinkedHolders.add(memberId)
      // Confirmed means "the linked driver's roster entry shows it"; with no link nothing can. Unlinking
      // unconfirms at once; this also covers links removed before it did.
      for (const claim of theirs) if (claim.status === "confirmed") unconfirm.push(claim.id)
      continue
    }
    const entry = rosterByCust.get(link.custId)
    if (entry === undefined) {
      // Not in the league: an admin can not set a preferred number on a roster that lacks the driver.
      for (const claim of theirs) if (claim.status === "confirmed") unconfirm.push(claim.id)
      notInLeagueNumbers.set(memberId, theirs.map((claim) => claim.number).sort(compareNumbers))
      continue
    }
    const rosterNumber = entry.carNumber
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
    return link !== undefined && (claimsByHolder.get(link.memberId) ?? []).some((claim) => claim.number === number)
  }
  // iRacing shows one number per driver whatever the class, so a number held here in any class is claimed.
  const holdersByNumber = new Map<string, Set<string>>()
  for (const claim of active) holdersByNumber.set(claim.number, (holdersByNumber.get(claim.number) ?? new Set()).add(claim.holderId))
  const unclaimed: UnclaimedInDiscord[] = []
  const heldByOthers: HeldByOther[] = []
  for (const entry of roster) {
    if (entry.carNumber === null || claimedByCust(entry.custId, entry.carNumber)) continue
    const finding = { custId: entry.custId, iracingName: entry.displayName, rosterNumber: entry.carNumber, memberId: linkByCust.get(entry.custId)?.memberId ?? null }
    const heldBy = [...(holdersByNumber.get(entry.carNumber) ?? [])].sort()
    if (heldBy.length === 0) unclaimed.push(finding)
    else heldByOthers.push({ ...finding, heldBy })
  }

  const byNumber = new Map<string, RosterEntry[]>()
  for (const entry of roster) {
    if (entry.carNumber === null) continue
    const sharing = byNumber.get(entry.carNumber)
    if (sharing === undefined) byNumber.set(entry.carNumber, [entry])
    else sharing.push(entry)
  }
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
    heldByOthers: heldByOthers.sort(byNumberThenName((u) => u.rosterNumber)),
    duplicates,
    linkedNotInLeague: links
      .filter((link) => !rosterByCust.has(link.custId))
      .map((link) => ({ memberId: link.memberId, custId: link.custId, iracingName: link.iracingName, numbers: notInLeagueNumbers.get(link.memberId) ?? [] })),
    unlinkedHolders: [...unlinkedHolders].sort(),
    verifiedLinks: links.filter((link) => rosterByCust.has(link.custId)).map((link) => link.memberId),
  }
}

/**
 * A report as stored by an earlier run, read back for pages, the CSV and announcements: lists
 * added to the report since that run are empty rather than missing.
 */
export const storedSyncReport = (stored: unknown): SyncReport => {
  type Stored = Omit<SyncReport, "heldByOthers" | "linkedNotInLeague"> & {
    readonly heldByOthers?: SyncReport["heldByOthers"]
    readonly linkedNotInLeague: ReadonlyArray<MemberLink & { readonly numbers?: ReadonlyArray<string> }>
  }
  const report = stored as Stored
  return {
    ...report,
    heldByOthers: report.heldByOthers ?? [],
    linkedNotInLeague: report.linkedNotInLeague.map((link) => ({ ...link, numbers: link.numbers ?? [] })),
  }
}

/** What the claims look like after the plan is applied (for idempotence checks and previews). */
export const applyPlan = (claims: ReadonlyArray<Claim>, plan: SyncPlan, now: number): ReadonlyArray<Claim> => {
  const confirm = new Set(plan.confirm)
  const unconfirm = new Set(plan.unconfirm)
  return claims.map((claim) => {
    if (confirm.has(claim.id)) return { ...claim, status: "confirmed" as const, confirmedAt: now }
    if (unconfirm.has(claim.id)) {
      const { confirmedAt: _dropped, ...rest } = claim
      return { ...rest, status: "claimed" as const }
    }
    return claim
  })
}

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

