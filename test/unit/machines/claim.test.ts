import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { unsafeCarNumber } from "../../../src/domain/numbers/car-number.js"
import {
  type ClaimEvent,
  type ClaimSnapshot,
  type StartClaimEvent,
  applyClaimEvent,
  toActiveClaim,
} from "../../../src/machines/claim.js"
import { CLAIM_MACHINE_VERSION, persistClaim, restoreClaim } from "../../../src/machines/claim-persistence.js"

const T0 = Date.UTC(2026, 0, 10, 18, 0, 0)
const START: StartClaimEvent = {
  type: "CLAIM",
  claimId: "c1",
  guildId: "g1",
  classId: "gt3",
  number: unsafeCarNumber("07"),
  holderId: "alice",
  actorId: "alice",
  at: T0,
}

const ok = (r: ReturnType<typeof applyClaimEvent>): ClaimSnapshot => {
  if ("refused" in r) throw new Error(`unexpected refusal: ${r.refused}`)
  return r.next
}
const start = (event: StartClaimEvent = START) => ok(applyClaimEvent(null, event))
const run = (...events: ReadonlyArray<ClaimEvent>) => events.reduce((s, e) => ok(applyClaimEvent(s, e)), start())
const refusalOf = (s: ClaimSnapshot | null, e: ClaimEvent | StartClaimEvent) => {
  const r = applyClaimEvent(s, e)
  return "refused" in r ? r.refused : "accepted"
}

const confirm: ClaimEvent = { type: "CONFIRM", actorId: "iracing-sync", at: T0 + 1000 }
const unconfirm: ClaimEvent = { type: "UNCONFIRM", actorId: "iracing-sync", at: T0 + 2000 }
const release: ClaimEvent = { type: "RELEASE", actorId: "alice", at: T0 + 3000, reason: "  moving to LMP2 " }
const revoke: ClaimEvent = { type: "REVOKE", actorId: "admin", at: T0 + 4000, reason: "Left the league" }
const transfer: ClaimEvent = { type: "TRANSFER", actorId: "bob", at: T0 + 5000, toHolderId: "bob", reason: "trade" }

describe("claim lifecycle", () => {
  it("GIVEN a member claims a number THEN the claim starts as claimed with one history entry", () => {
    const r = applyClaimEvent(null, START)
    expect("next" in r && r.next.value).toBe("claimed")
    expect("historyEntry" in r && r.historyEntry).toEqual({
      at: T0,
      actorId: "alice",
      action: "claim",
      status: "claimed",
      holderId: "alice",
      previousHolderId: null,
      reason: null,
    })
  })

  it("GIVEN an admin assigns a number THEN the first history entry says assign and who did it", () => {
    const s = start({ ...START, type: "ASSIGN", actorId: "admin", reason: "team block" })
    expect(s.context.history[0]).toEqual(expect.objectContaining({ action: "assign", actorId: "admin", holderId: "alice", reason: "team block" }))
  })

  it("GIVEN a claimed number WHEN the roster shows it THEN confirmed, with the time", () => {
    const s = run(confirm)
    expect(s.value).toBe("confirmed")
    expect(s.context.confirmedAt).toBe(T0 + 1000)
  })

  it("GIVEN a confirmed number WHEN the roster no longer shows it THEN back to claimed, confirmation cleared", () => {
    const s = run(confirm, unconfirm)
    expect(s.value).toBe("claimed")
    expect(s.context.confirmedAt).toBeNull()
    expect(s.context.history.map((h) => h.action)).toEqual(["claim", "confirm", "unconfirm"])
  })

  it("GIVEN a confirmed number WHEN the holder releases it THEN released, with the reason trimmed", () => {
    const s = run(confirm, release)
    expect(s.value).toBe("released")
    expect(s.status).toBe("done")
    expect(s.context.history.at(-1)).toEqual(expect.objectContaining({ action: "release", actorId: "alice", reason: "moving to LMP2" }))
  })

  it("GIVEN a claim WHEN an admin revokes it with a reason THEN revoked and the reason is in the history", () => {
    const s = run(revoke)
    expect(s.value).toBe("revoked")
    expect(s.context.history.at(-1)).toEqual(expect.objectContaining({ action: "revoke", actorId: "admin", reason: "Left the league" }))
  })

  it("GIVEN a confirmed claim WHEN transferred THEN the new holder's claim starts again as claimed, at the transfer time", () => {
    const s = run(confirm, transfer)
    expect(s.value).toBe("claimed")
    expect(s.context).toEqual(expect.objectContaining({ holderId: "bob", claimedAt: T0 + 5000, confirmedAt: null }))
    expect(s.context.history.at(-1)).toEqual(expect.objectContaining({ action: "transfer", holderId: "bob", previousHolderId: "alice", reason: "trade" }))
  })

  it("GIVEN a transferred claim WHEN the new holder releases it THEN released; the old holder cannot", () => {
    const s = run(transfer)
    expect(refusalOf(s, { type: "RELEASE", actorId: "alice", at: T0 + 6000 })).toMatch(/Only the holder/)
    expect(refusalOf(s, { type: "RELEASE", actorId: "bob", at: T0 + 6000 })).toBe("accepted")
  })
})

describe("refusals", () => {
  it.each([
    ["a revoke without a reason", { type: "REVOKE", actorId: "admin", at: T0, reason: "  " } as ClaimEvent, /Give a reason/],
    ["a revoke with 501 characters", { type: "REVOKE", actorId: "admin", at: T0, reason: "x".repeat(501) } as ClaimEvent, /500 characters/],
    ["a release by someone else", { type: "RELEASE", actorId: "bob", at: T0 } as ClaimEvent, /Only the holder/],
    ["a transfer to the holder", { type: "TRANSFER", actorId: "alice", at: T0, toHolderId: "alice" } as ClaimEvent, /already belongs/],
    ["a transfer to nobody", { type: "TRANSFER", actorId: "alice", at: T0, toHolderId: " " } as ClaimEvent, /Name the member/],
    ["an unconfirm while not confirmed", unconfirm, /not confirmed yet/],
  ])("GIVEN a claimed number WHEN %s THEN it is refused with a reason and nothing changes", (_, event, message) => {
    const s = start()
    expect(refusalOf(s, event)).toMatch(message)
  })

  it("GIVEN a confirmed number WHEN confirmed again THEN refused as already confirmed", () => {
    expect(refusalOf(run(confirm), confirm)).toMatch(/already confirmed/)
  })

  it.each([
    ["released", [release]],
    ["revoked", [revoke]],
  ] as const)("GIVEN a %s claim WHEN any event arrives THEN it is refused", (_, path) => {
    const s = run(...path)
    for (const e of [confirm, unconfirm, release, revoke, transfer]) {
      expect(refusalOf(s, e)).toMatch(/can't change any more/)
    }
  })

  it("GIVEN no claim WHEN a change arrives THEN refused; GIVEN a claim WHEN it is started again THEN refused", () => {
    expect(refusalOf(null, confirm)).toMatch(/claim the number first/)
    expect(refusalOf(start(), START)).toMatch(/already exists/)
  })
})

describe("toActiveClaim", () => {
  it("GIVEN a confirmed claim THEN the domain claim with its confirmation time", () => {
    expect(toActiveClaim(run(confirm))).toEqual({
      id: "c1",
      guildId: "g1",
      classId: "gt3",
      number: "07",
      holderId: "alice",
      status: "confirmed",
      claimedAt: T0,
      confirmedAt: T0 + 1000,
    })
  })

  it("GIVEN a released claim THEN no active claim", () => {
    expect(toActiveClaim(run(release))).toBeNull()
  })
})

describe("persistence", () => {
  it("GIVEN a claim WHEN persisted THEN plain JSON with the machine name, version, state and context", () => {
    const stored = persistClaim(run(confirm))
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored)
    expect(stored).toEqual(expect.objectContaining({ machine: "claim", version: CLAIM_MACHINE_VERSION, value: "confirmed" }))
  })

  it("GIVEN a stored claim WHEN restored from its JSON text THEN it continues as if never stored", () => {
    const live = run(confirm)
    const restored = Either.getOrThrow(restoreClaim(JSON.stringify(persistClaim(live))))
    const a = ok(applyClaimEvent(live, transfer))
    const b = ok(applyClaimEvent(restored, transfer))
    expect(b.value).toEqual(a.value)
    expect(b.context).toEqual(a.context)
  })

  it("GIVEN a stored final claim WHEN restored THEN it is done and still refuses events", () => {
    const restored = Either.getOrThrow(restoreClaim(persistClaim(run(revoke))))
    expect(restored.status).toBe("done")
    expect(refusalOf(restored, confirm)).toMatch(/can't change any more/)
  })

  const stored = () => persistClaim(run(confirm)) as unknown as Record<string, unknown> & { context: Record<string, unknown> }

  it.each([
    ["text that is not JSON", () => "{", /not valid JSON/],
    ["another machine's record", () => ({ ...stored(), machine: "wizard" }), /wrong shape/],
    ["a newer version", () => ({ ...stored(), version: CLAIM_MACHINE_VERSION + 1 }), /newer than this bot/],
    ["version 0", () => ({ ...stored(), version: 0 }), /wrong shape/],
    ["an unknown state", () => ({ ...stored(), value: "parked" }), /damaged/],
    ["a bad car number", () => ({ ...stored(), context: { ...stored().context, number: "1000" } }), /damaged/],
    ["a history that disagrees with the state", () => ({ ...stored(), value: "claimed", context: { ...stored().context, confirmedAt: null } }), /history does not match/],
    ["a confirmed claim without a confirmation time", () => ({ ...stored(), context: { ...stored().context, confirmedAt: null } }), /confirmation time/],
    ["an empty history", () => ({ ...stored(), context: { ...stored().context, history: [] } }), /history does not match/],
  ])("GIVEN %s WHEN restored THEN a clear problem, never a broken snapshot", (_, make, message) => {
    const r = restoreClaim(make())
    expect(Either.isLeft(r) && r.left.message).toMatch(message)
  })

  it("GIVEN a claim saved by a newer bot WHEN restored THEN the failure tells that apart from damage (it will restore after the update)", () => {
    const newer = restoreClaim({ ...stored(), version: CLAIM_MACHINE_VERSION + 1 })
    const broken = restoreClaim({ ...stored(), value: "parked" })
    expect(Either.isLeft(newer) && newer.left).toMatchObject({ _tag: "RestoreFailure", machine: "claim", reason: "newer-version" })
    expect(Either.isLeft(broken) && broken.left).toMatchObject({ _tag: "RestoreFailure", machine: "claim", reason: "damaged" })
  })
})
