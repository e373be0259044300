import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterEach, describe, expect, it } from "vitest"
import { Database } from "../../../../src/adapters/sqlite/database.js"
import { type FollowUps, FollowUpsUndelivered } from "../../../../src/app/follow-ups.js"
import { readDraftPanel, startDraft, stepDraft } from "../../../../src/app/events/wizard.js"
import { discardDraft, listDrafts } from "../../../../src/app/events/wizard-drafts.js"
import { GOOD, OWNER } from "../../../fixtures/wizard/answers.js"
import { useTempDir } from "../../../support/sqlite-test-database.js"
import { TestDatabaseLive } from "../../../support/test-database.js"

const GUILD = "900000000000000001"

describe("the wizard's use cases with a stored draft that can't be restored", () => {
  const tempDir = useTempDir()
  let runtime: ManagedRuntime.ManagedRuntime<Database | FollowUps, unknown> | undefined
  afterEach(async () => {
    await runtime?.dispose()
    runtime = undefined
  })

  const refusalOf = (exit: Exit.Exit<unknown, unknown>) => (Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : exit)

  it("GIVEN a draft whose machine is damaged WHEN its owner clicks or opens it THEN they are told why, and can still discard it", async () => {
    runtime = ManagedRuntime.make(Layer.merge(TestDatabaseLive(join(tempDir(), "pitboard.sqlite")), FollowUpsUndelivered))
    const { panel } = await runtime.runPromise(startDraft(GUILD, OWNER))
    await runtime.runPromise(
      Effect.flatMap(Database, (db) => db.transaction("damage", (trx) => trx.updateTable("event_drafts").set({ state_json: '{"machine":"eventWizard"' }).execute())),
    )
    const ref = { guildId: GUILD, draftId: panel.draftId, actorId: OWNER, revision: 0 }
    const unreadable = { _tag: "Refusal", message: expect.stringMatching(/^Your saved event draft couldn't be read.*not valid JSON/) }

    expect(refusalOf(await runtime.runPromiseExit(stepDraft(ref, GOOD.details)))).toMatchObject(unreadable)
    expect(refusalOf(await runtime.runPromiseExit(readDraftPanel(ref)))).toMatchObject(unreadable)
    expect((await runtime.runPromise(discardDraft(GUILD, OWNER, panel.draftId))).remaining).toEqual([])
    expect(await runtime.runPromise(listDrafts(GUILD, OWNER))).toEqual([])
  })
})
