import { newId } from "../ids.js"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { Kysely, Transaction } from "kysely"
import { canAdminister, type Actor } from "../../domain/permissions.js"
import type { CarNumber } from "../../domain/numbers/car-number.js"
import { bearingOn, decideAssign, decideClaim, suggestsNearby, type Claim, type ClaimsBearingOn, type ClaimWarning, type Reserved, type Taken } from "../../domain/numbers/claims.js"
import { decideRelease, decideRevoke } from "../../domain/numbers/release.js"
import { NEARBY_COUNT, nearbyFreeWithin, nearbyWindows } from "../../domain/numbers/nearby.js"
import { classById, describeClass, effectiveClasses, type NumberClass } from "../../domain/numbers/classes.js"
import { applyClaimEvent, type ClaimEvent, type ClaimSnapshot } from "../../machines/claim.js"
import type { DB } from "../../adapters/sqlite/schema.js"
import { Database } from "../../adapters/sqlite/database.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { listGrants } from "../../adapters/sqlite/repositories/module-grants.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import { insertClaim, readClaimSnapshot, readClaimsBearingOn, readClasses, readTakenBetween, updateClaim } from "../../adapters/sqlite/repositories/number-claims.js"
import { wakeFollowUps } from "../follow-ups.js"
import { type Announcement } from "../../domain/follow-up-kinds.js"
import { ModuleAccess } from "../module-access.js"
import { refuse } from "../refusal.js"
import { noteStoredChange } from "../stored-changes.js"
import { writeTransaction } from "../transaction.js"

export interface NumberAction {
  readonly guildId: string
  readonly actor: Actor
  /** As typed: "07" stays "07". */
  readonly number: string
  readonly className?: string | undefined
}

export interface ClaimOutcome {
  readonly claim: Claim
  readonly numberClass: NumberClass
  readonly warnings: ReadonlyArray<ClaimWarning>
}

const isNumbersAdmin = (guildId: string, actor: Actor) =>
  Effect.flatMap(ModuleAccess, (access) => access.grants(guildId)).pipe(
    Effect.map((grants) => canAdminister(actor, "numbers", grants)),
  )

/**
 * Reads what a decision needs, inside the caller's transaction so no other write slips in
 * between: the classes and the active claims that bear on it (see `bearingOn`).
 */
export const loadNumbers = async (db: Kysely<DB>, guildId: string, scope: ClaimsBearingOn) => {
  const [classes, held] = await Promise.all([readClasses(db, guildId), readClaimsBearingOn(db, guildId, scope)])
  return { classes: effectiveClasses(classes), held }
}

/**
 * The `count` free numbers nearest `near` in a class, reading only the claims around it: a
 * window that widens until the answer is the one a read of the whole class would give.
 */
export const readNearbyFree = async (db: Kysely<DB>, guildId: string, numberClass: NumberClass, near: CarNumber | number, count = NEARBY_COUNT) => {
  for (const window of nearbyWindows(numberClass, near, count)) {
    const found = nearbyFreeWithin(numberClass, await readTakenBetween(db, guildId, numberClass.id, window), near, window, count)
    if (found.complete) return found.numbers
  }
  return []
}

const nearbyFor = async (db: Kysely<DB>, guildId: string, classes: ReadonlyArray<NumberClass>, reason: Taken | Reserved) => {
  const numberClass = classById(classes, reason.classId)
  return numberClass === undefined ? [] : readNearbyFree(db, guildId, numberClass, reason.number)
}

/** Stores a machine step for a claim and its audit line, in the caller's transaction. */
export const saveClaimStep = async (
  trx: Transaction<DB>,
  previous: ClaimSnapshot | null,
  next: ClaimSnapshot,
  audit: { actorId: string; action: string; at: number; details?: Record<string, unknown> },
) => {
  const context = next.context
  if (previous === null) await insertClaim(trx, next)
  else if (!(await updateClaim(trx, previous, next))) throw refuse(`#${context.number} changed while you were acting on it. Check it again.`)
  const entry = context.history[context.history.length - 1]
  await appendAudit(trx, {
    guildId: context.guildId,
    actorId: audit.actorId,
    action: audit.action,
    subject: context.number,
    details: { classId: context.classId, holderId: context.holderId, previousHolderId: entry?.previousHolderId ?? null, reason: entry?.reason ?? null, ...audit.details },
    at: audit.at,
  })
}

/** Applies a machine event to a stored claim, refusing with the machine's own explanation. */
export const stepStoredClaim = async (trx: Transaction<DB>, guildId: string, claimId: string, event: ClaimEvent, action: string) => {
  const restored = await readClaimSnapshot(trx, guildId, claimId)
  if (restored === undefined) throw refuse("That claim no longer exists.")
  // A row this code wrote that no longer restores is a bug to see, not a claim to skip.
  if (Either.isLeft(restored)) throw new Error(`claim ${claimId} cannot be restored: ${restored.left.message}`)
  const applied = applyClaimEvent(restored.right, event)
  if ("refused" in applied) throw refuse(applied.refused)
  await saveClaimStep(trx, restored.right, applied.next, { actorId: event.actorId, action, at: event.at })
  return applied.next
}

/**
 * The unique index refused the insert: another process (or a writer this transaction could not
 * see) took the number first. Explain it the same way the rules would, with nearby free numbers.
 */
const explainLostRace = (request: NumberAction, holderId: string) =>
  Effect.gen(function* () {
    const database = yield* Database
    const now = yield* Clock.currentTimeMillis
    const fallback = `Someone claimed #${request.number.trim()} a moment before you. Try /number available to see what is free.`
    const message = yield* database
      .query("numbers.explain-taken", async (db) => {
        const { classes, held } = await loadNumbers(db, request.guildId, bearingOn([holderId], [request.number]))
        const decide = (nearby?: ReadonlyArray<CarNumber>) =>
          decideClaim({ number: request.number, classes, requestedClass: request.className, activeClaims: held, nearby, now, claimantId: holderId, isAdmin: false })
        const first = decide()
        const final = !first.ok && suggestsNearby(first.reason) ? decide(await nearbyFor(db, request.guildId, classes, first.reason)) : first
        return final.ok ? fallback : final.reason.message
      })
      .pipe(Effect.orElseSucceed(() => fallback))
    return yield* Effect.fail(refuse(message))
  })

const placeClaim = (request: NumberAction, via: "CLAIM" | "ASSIGN", holderId: string) =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    return yield* writeTransaction(
      `numbers.${via.toLowerCase()}`,
      async (trx) => {
        const { classes, held } = await loadNumbers(trx, request.guildId, bearingOn([holderId], [request.number]))
        const isAdmin = async () => canAdminister(request.actor, "numbers", await listGrants(trx, request.guildId))
        const decide = (admin: boolean, nearby?: ReadonlyArray<CarNumber>) => {
          const common = { number: request.number, classes, requestedClass: request.className, activeClaims: held, nearby, now }
          return via === "CLAIM" ? decideClaim({ ...common, claimantId: holderId, isAdmin: admin }) : decideAssign({ ...common, actorIsAdmin: admin, memberId: holderId })
        }
        // Assigning is an admin action; a member's own claim needs admin rights only to go over the
        // limit or take a reserved number, so the grants are read only for those refusals.
        let admin = via === "ASSIGN" ? await isAdmin() : false
        let decision = decide(admin)
        if (!decision.ok && (decision.reason._tag === "LimitReached" || decision.reason._tag === "Reserved") && (await isAdmin())) {
          admin = true
          decision = decide(admin)
        }
        // Nearby free numbers are read only for a refusal that suggests them.
        if (!decision.ok && suggestsNearby(decision.reason)) decision = decide(admin, await nearbyFor(trx, request.guildId, classes, decision.reason))
        if (!decision.ok) throw refuse(decision.reason.message)
        const claimId = newId()
        const applied = applyClaimEvent(null, {
          type: via,
          claimId,
          guildId: request.guildId,
          classId: decision.class.id,
          number: decision.number,
          holderId,
          actorId: request.actor.userId,
          at: now,
        })
        if ("refused" in applied) throw refuse(applied.refused)
        await saveClaimStep(trx, null, applied.next, { actorId: request.actor.userId, action: via === "CLAIM" ? "number.claim" : "number.assign", at: now, details: { class: decision.class.name } })
        const classLabel = describeClass(decision.class)
        const announcement: Announcement =
          via === "CLAIM"
            ? { _tag: "NumberClaimed", holderId, number: decision.number, classLabel }
            : { _tag: "NumberAssigned", holderId, number: decision.number, classLabel, actorId: request.actor.userId }
        await enqueueFollowUps(trx, [{ _tag: "Announce", guildId: request.guildId, announcement }], now)
        const claim: Claim = { id: claimId, guildId: request.guildId, classId: decision.class.id, number: decision.number, holderId, status: "claimed", claimedAt: now }
        return { claim, numberClass: decision.class, warnings: decision.warnings } satisfies ClaimOutcome
      },
      () => explainLostRace(request, holderId),
    )
  })

export const claimNumber = Effect.fnUntraced(function* (request: NumberAction) {
  const outcome = yield* placeClaim(request, "CLAIM", request.actor.userId)
  yield* noteStoredChange("number.claim", `#${outcome.claim.number}`)
  yield* wakeFollowUps
  return outcome
})

export const assignNumber = Effect.fnUntraced(function* (request: NumberAction & { readonly memberId: string }) {
  const outcome = yield* placeClaim(request, "ASSIGN", request.memberId)
  yield* noteStoredChange("number.assign", `#${outcome.claim.number} to ${request.memberId}`)
  yield* wakeFollowUps
  return outcome
})

export const releaseNumber = Effect.fnUntraced(function* (request: NumberAction) {
  const now = yield* Clock.currentTimeMillis
  const released = yield* writeTransaction("numbers.release", async (trx) => {
    const { classes, held } = await loadNumbers(trx, request.guildId, bearingOn([request.actor.userId], [request.number]))
    const decision = decideRelease({ number: request.number, classes, requestedClass: request.className, memberId: request.actor.userId, activeClaims: held })
    if (!decision.ok) throw refuse(decision.reason.message)
    await stepStoredClaim(trx, request.guildId, decision.claim.id, { type: "RELEASE", actorId: request.actor.userId, at: now }, "number.release")
    const numberClass = classById(classes, decision.claim.classId)
    const announcement: Announcement = { _tag: "NumberReleased", holderId: request.actor.userId, number: decision.claim.number, classLabel: numberClass === undefined ? null : describeClass(numberClass) }
    await enqueueFollowUps(trx, [{ _tag: "Announce", guildId: request.guildId, announcement }], now)
    return { claim: decision.claim, numberClass }
  })
  yield* noteStoredChange("number.release", `#${released.claim.number}`)
  yield* wakeFollowUps
  return released
})

export const revokeNumber = Effect.fnUntraced(function* (request: NumberAction & { readonly reason: string }) {
  const now = yield* Clock.currentTimeMillis
  const isAdmin = yield* isNumbersAdmin(request.guildId, request.actor).pipe(Effect.orDie)
  const revoked = yield* writeTransaction("numbers.revoke", async (trx) => {
    const { classes, held } = await loadNumbers(trx, request.guildId, bearingOn([], [request.number]))
    const decision = decideRevoke({ number: request.number, classes, requestedClass: request.className, actorIsAdmin: isAdmin, reason: request.reason, activeClaims: held })
    if (!decision.ok) throw refuse(decision.reason.message)
    await stepStoredClaim(trx, request.guildId, decision.claim.id, { type: "REVOKE", reason: decision.reasonText, actorId: request.actor.userId, at: now }, "number.revoke")
    const announcement: Announcement = { _tag: "NumberRevoked", holderId: decision.claim.holderId, number: decision.claim.number, reason: decision.reasonText }
    await enqueueFollowUps(trx, [{ _tag: "Announce", guildId: request.guildId, announcement }], now)
    return { claim: decision.claim, reason: decision.reasonText }
  })
  yield* noteStoredChange("number.revoke", `#${revoked.claim.number} from ${revoked.claim.holderId}`)
  yield* wakeFollowUps
  return revoked
})
