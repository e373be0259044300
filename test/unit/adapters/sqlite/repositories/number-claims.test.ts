import { join } from "node:path"
import * as Either from "effect/Either"
import type { Kysely } from "kysely"
import { describe, expect, it } from "vitest"
import { openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { insertClaim, readClaimSnapshot, readNumberHistory, updateClaim } from "../../../../../src/adapters/sqlite/repositories/number-claims.js"
import type { DB } from "../../../../../src/adapters/sqlite/schema.js"
import { unsafeCarNumber } from "../../../../../src/domain/numbers/car-number.js"
import { applyClaimEvent, type ClaimEvent, type ClaimSnapshot, type StartClaimEvent } from "../../../../../src/machines/claim.js"
import { useTempDir, useOpenedDatabases } from "../../../../support/sqlite-test-database.js"
import { testDatabase } from "../../../../support/test-database.js"

const GUILD = "900000000000000001"
const HOLDER = "810000000000000001"
const ADMIN = "800000000000000001"

const step = (snapshot: ClaimSnapshot | null, event: ClaimEvent | StartClaimEvent): ClaimSnapshot => {
  const applied = applyClaimEvent(snapshot, event)
  if ("refused" in applied) throw new Error(applied.refused)
  return applied.next
}

const claimed = step(null, { type: "CLAIM", claimId: "c1", guildId: GUILD, classId: "open", number: unsafeCarNumber("07"), holderId: HOLDER, actorId: HOLDER, at: 1_000 })
const confirmed = step(claimed, { type: "CONFIRM", actorId: ADMIN, at: 2_000 })
const revoked = step(confirmed, { type: "REVOKE", reason: "left the league", actorId: ADMIN, at: 3_000 })

describe("the claims repository, which alone saves and restores the claim machine", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()
  const open = async () => closing(await openDatabase(await testDatabase(join(tempDir(), "claims.sqlite"))))
  const row = (k: Kysely<DB>) => k.selectFrom("claims").select(["holder_id", "status", "claimed_at", "confirmed_at", "ended_at"]).where("id", "=", "c1").executeTakeFirstOrThrow()
  const readBack = async (k: Kysely<DB>) => Either.getOrThrow((await readClaimSnapshot(k, GUILD, "c1"))!)

  it("GIVEN a claim confirmed then revoked WHEN each step is stored THEN the row's columns follow the snapshot and each read gives that snapshot back", async () => {
    const k = await open()
    await insertClaim(k, claimed)
    expect(await row(k)).toEqual({ holder_id: HOLDER, status: "claimed", claimed_at: 1_000, confirmed_at: null, ended_at: null })
    expect((await readBack(k)).context).toEqual(claimed.context)

    expect(await updateClaim(k, claimed, confirmed)).toBe(true)
    expect(await row(k)).toEqual({ holder_id: HOLDER, status: "confirmed", claimed_at: 1_000, confirmed_at: 2_000, ended_at: null })

    expect(await updateClaim(k, confirmed, revoked)).toBe(true)
    expect(await row(k)).toEqual({ holder_id: HOLDER, status: "revoked", claimed_at: 1_000, confirmed_at: 2_000, ended_at: 3_000 })
    const back = await readBack(k)
    expect(back.status).toBe("done")
    expect(back.context).toEqual(revoked.context)
    expect((await readNumberHistory(k, GUILD, "07")).map((restored) => Either.getOrThrow(restored).context.history.length)).toEqual([3])
  })

  it("GIVEN the row already moved past a snapshot WHEN a step from that snapshot is stored THEN it is refused and the newer step stays", async () => {
    const k = await open()
    await insertClaim(k, claimed)
    await updateClaim(k, claimed, confirmed)
    const released = step(claimed, { type: "RELEASE", actorId: HOLDER, at: 2_500 })
    expect(await updateClaim(k, claimed, released)).toBe(false)
    expect((await row(k)).status).toBe("confirmed")
  })

  it("GIVEN a row whose stored machine is damaged WHEN read THEN the read says why instead of throwing", async () => {
    const k = await open()
    await insertClaim(k, claimed)
    await k.updateTable("claims").set({ machine_json: '{"machine":"claim","version":1}' }).execute()
    const restored = (await readClaimSnapshot(k, GUILD, "c1"))!
    expect(Either.isLeft(restored) && restored.left).toMatchObject({ _tag: "RestoreFailure", machine: "claim", reason: "damaged" })
    expect(await readClaimSnapshot(k, GUILD, "nope")).toBeUndefined()
  })
})
