import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as Either from "effect/Either"
import type { Kysely } from "kysely"
import { describe, expect, it } from "vitest"
import { openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { readParticipants, saveParticipant } from "../../../../../src/adapters/sqlite/repositories/participants.js"
import type { DB } from "../../../../../src/adapters/sqlite/schema.js"
import type { ParticipantSnapshot } from "../../../../../src/machines/participant.js"
import { restoreParticipant } from "../../../../../src/machines/participant-persistence.js"
import { useTempDir, useOpenedDatabases } from "../../../../support/sqlite-test-database.js"
import { testDatabase } from "../../../../support/test-database.js"

const GUILD = "900000000000000001"
const fixture = (name: string): ParticipantSnapshot =>
  Either.getOrThrow(restoreParticipant(readFileSync(join(import.meta.dirname, "../../../../fixtures/participant", name), "utf8")))

describe("the participants repository, which alone saves and restores the participant machine", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()
  const open = async () => closing(await openDatabase(await testDatabase(join(tempDir(), "participants.sqlite"))))
  const row = (k: Kysely<DB>) => k.selectFrom("participants").select(["event_id", "member_id", "state", "queue_number", "updated_at"]).executeTakeFirstOrThrow()

  it("GIVEN a member on the grid who then waits checked in WHEN each is saved THEN one row follows the snapshot and reads back as it", async () => {
    const k = await open()
    const onGrid = fixture("v1-grid.json")
    await saveParticipant(k, GUILD, onGrid, 1_000)
    expect(await row(k)).toEqual({ event_id: "ev1", member_id: onGrid.context.memberId, state: "grid", queue_number: 1, updated_at: 1_000 })

    const waiting = fixture("v1-waitlist-checked-in.json")
    await saveParticipant(k, GUILD, waiting, 2_000)
    expect(await row(k)).toEqual({ event_id: "ev1", member_id: waiting.context.memberId, state: "waitlist", queue_number: 4, updated_at: 2_000 })
    const [back, ...more] = await readParticipants(k, "ev1")
    expect(more).toEqual([])
    expect(Either.getOrThrow(back!).context).toEqual(waiting.context)
  })

  it("GIVEN one damaged row among an event's participants WHEN they are read THEN that one says why and the others still restore", async () => {
    const k = await open()
    const good = fixture("v1-grid.json")
    await saveParticipant(k, GUILD, good, 1_000)
    await saveParticipant(k, GUILD, { ...good, context: { ...good.context, memberId: "200000000000000002" } } as ParticipantSnapshot, 1_000)
    await k.updateTable("participants").set({ machine_json: "{nope" }).where("member_id", "=", "200000000000000002").execute()
    const read = await readParticipants(k, "ev1")
    expect(read.filter(Either.isRight).map((restored) => restored.right.context.memberId)).toEqual([good.context.memberId])
    expect(read.filter(Either.isLeft).map((restored) => restored.left)).toEqual([expect.objectContaining({ _tag: "RestoreFailure", machine: "participant", reason: "damaged" })])
  })
})
