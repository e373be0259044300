import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { claimNumber } from "../../src/app/numbers/claim-use-cases.js"
import { changeReserved, removeClass, saveClass } from "../../src/app/numbers/setup.js"
import { numbersOverview } from "../../src/app/numbers/queries.js"
import type { AppServices } from "../../src/app/pitboard.js"
import { startTestBot, type TestBot } from "./harness.js"

/**
 * The class rules that protect numbers already held, run through the bot's own use cases on its
 * database (the /setup forms that call them, and how refusals reach the admin, are covered in
 * numbers-admin.test.ts). Each refusal must leave the classes exactly as they were.
 */
describe("class changes that would strand held numbers are refused", () => {
  let t: TestBot
  const guild = () => t.fake.guildId
  const run = <A, E>(effect: Effect.Effect<A, E, AppServices>) => t.bot.runtime.runPromise(Effect.either(effect))
  const refusal = async <A, E>(effect: Effect.Effect<A, E, AppServices>) => {
    const result = await run(effect)
    if (Either.isRight(result)) throw new Error("expected a refusal")
    return String((result.left as { message?: string }).message)
  }
  const classes = async () => (await t.bot.runtime.runPromise(numbersOverview(guild()))).classes
  let gt3Id: string

  beforeAll(async () => {
    t = await startTestBot()
    const saved = await run(saveClass(guild(), t.fake.owner.id, { name: "GT3", range: "1-199", limit: "1", reserved: "" }))
    gt3Id = Either.getOrThrow(saved).id
    const driver = t.member("driver")
    Either.getOrThrow(await run(claimNumber({ guildId: guild(), actor: { userId: driver.id, roleIds: [], managesServer: false }, number: "150" })))
  })
  afterAll(async () => {
    await t.stop()
  })

  it("GIVEN #150 is held WHEN the class shrinks to 1–99 THEN it is refused naming #150, and the range is unchanged", async () => {
    const before = await classes()
    expect(await refusal(saveClass(guild(), t.fake.owner.id, { name: "GT3", range: "1-99", limit: "1", reserved: "" }, gt3Id))).toContain("#150")
    expect(await classes()).toEqual(before)
  })

  it("GIVEN the only class WHEN an admin removes it THEN they are told to edit it instead", async () => {
    expect(await refusal(removeClass(guild(), t.fake.owner.id, gt3Id))).toContain("only class")
  })

  it("GIVEN a second class WHEN the class holding #150 is removed THEN it is refused with the count of held numbers", async () => {
    Either.getOrThrow(await run(saveClass(guild(), t.fake.owner.id, { name: "LMP2", range: "200-299", limit: "1", reserved: "" })))
    expect(await refusal(removeClass(guild(), t.fake.owner.id, gt3Id))).toContain("still has 1 held number")
    expect((await classes()).map((c) => c.name)).toEqual(["GT3", "LMP2"])
  })

  it("GIVEN two classes WHEN numbers are reserved without naming one THEN the admin is asked to name the class", async () => {
    const reply = await refusal(changeReserved(guild(), t.fake.owner.id, null, "5", true))
    expect(reply).toContain("Name the class")
    expect(reply).toContain("GT3")
    expect(reply).toContain("LMP2")
  })
})
