import { join } from "node:path"
import * as Either from "effect/Either"
import type { Kysely } from "kysely"
import { describe, expect, it } from "vitest"
import { openDatabase } from "../../../../../src/adapters/sqlite/database.js"
import { insertDraft, readDraft, readEditDraft, readOpenCreateDraft, readOwnerDrafts, updateDraft } from "../../../../../src/adapters/sqlite/repositories/event-drafts.js"
import type { DB } from "../../../../../src/adapters/sqlite/schema.js"
import { wizardStep } from "../../../../../src/machines/event-wizard.js"
import { startEditing, stepWizard } from "../../../../../src/machines/event-wizard-step.js"
import { GOOD, MINUTE, NOW, OWNER, PUBLISHED, WEEK } from "../../../../fixtures/wizard/answers.js"
import { useTempDir, useOpenedDatabases } from "../../../../support/sqlite-test-database.js"
import { testDatabase } from "../../../../support/test-database.js"

const GUILD = "900000000000000001"
const options = { now: NOW, ownerId: OWNER, expiresAfterMs: WEEK }

describe("the event drafts repository, which alone saves and restores the wizard", () => {
  const tempDir = useTempDir()
  const closing = useOpenedDatabases()
  const open = async () => closing(await openDatabase(await testDatabase(join(tempDir(), "drafts.sqlite"))))
  const row = (k: Kysely<DB>, id: string) =>
    k.selectFrom("event_drafts").select(["owner_id", "revision", "title", "editing_event_id", "updated_at", "expires_at"]).where("id", "=", id).executeTakeFirstOrThrow()

  it("GIVEN a new draft answered one step WHEN each is stored THEN the listed columns follow the snapshot and the read restores it", async () => {
    const k = await open()
    const opened = stepWizard(null, { type: "START" }, options)
    await insertDraft(k, { id: "d1", guildId: GUILD, snapshot: opened.snapshot, updatedAt: NOW })
    expect(await row(k, "d1")).toEqual({ owner_id: OWNER, revision: 0, title: null, editing_event_id: null, updated_at: NOW, expires_at: NOW + WEEK })

    const answered = stepWizard(opened.snapshot, GOOD.details, { ...options, now: NOW + MINUTE })
    await updateDraft(k, GUILD, "d1", answered.snapshot, NOW + MINUTE)
    expect(await row(k, "d1")).toEqual({ owner_id: OWNER, revision: 1, title: "GT3 Sprint — Round 4", editing_event_id: null, updated_at: NOW + MINUTE, expires_at: NOW + MINUTE + WEEK })
    const back = Either.getOrThrow((await readDraft(k, GUILD, "d1"))!.snapshot)
    expect(wizardStep(back)).toBe("timezone")
    expect(back.context).toEqual(answered.snapshot.context)
  })

  it("GIVEN a new draft and an edit of a published event THEN each is found as what it is, and both are listed", async () => {
    const k = await open()
    await insertDraft(k, { id: "create", guildId: GUILD, snapshot: stepWizard(null, { type: "START" }, options).snapshot, updatedAt: NOW })
    await insertDraft(k, { id: "edit", guildId: GUILD, snapshot: startEditing({ eventId: "55", details: PUBLISHED }, options).snapshot, updatedAt: NOW + MINUTE })
    expect((await row(k, "edit")).editing_event_id).toBe("55")
    expect((await row(k, "edit")).title).toBe(PUBLISHED.details.title)
    expect((await readOpenCreateDraft(k, GUILD, OWNER, NOW))?.id).toBe("create")
    const edit = (await readEditDraft(k, GUILD, OWNER, "55", NOW))!
    expect(Either.getOrThrow(edit.snapshot).context.draft).toEqual(PUBLISHED)
    expect((await readOwnerDrafts(k, GUILD, OWNER, NOW)).map((draft) => draft.id)).toEqual(["edit", "create"])
  })

  it("GIVEN a draft whose stored machine is damaged THEN it is still read and listed (so it can be discarded), with why it can't be resumed", async () => {
    const k = await open()
    await insertDraft(k, { id: "d1", guildId: GUILD, snapshot: stepWizard(null, { type: "START" }, options).snapshot, updatedAt: NOW })
    await k.updateTable("event_drafts").set({ state_json: "{oops" }).execute()
    const draft = (await readDraft(k, GUILD, "d1"))!
    expect(draft.ownerId).toBe(OWNER)
    expect(Either.isLeft(draft.snapshot) && draft.snapshot.left).toMatchObject({ _tag: "RestoreFailure", reason: "damaged", message: expect.stringMatching(/couldn't be read/) })
    expect((await readOwnerDrafts(k, GUILD, OWNER, NOW)).map((listed) => listed.id)).toEqual(["d1"])
  })
})
