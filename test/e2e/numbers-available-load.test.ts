import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { saveClass } from "../../src/app/numbers/setup.js"
import type { AppServices } from "../../src/adapters/discord/handler-services.js"
import { AvailabilityPictures } from "../../src/adapters/discord/render/availability-pictures.js"
import { PICTURE_MISSING } from "../../src/adapters/discord/numbers/available-view.js"
import type { InteractionHandle, SeedUser } from "./fake-discord/index.js"
import { isEphemeral, replyOf, startTestBot, textOf, type TestBot } from "./harness.js"

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** The real picture worker except that a class whose name starts with "Crash" kills it mid-picture. */
const TROUBLED_WORKER = new URL("../support/troubled-picture-worker.ts", import.meta.url)
/** Five classes of 160 numbers: each picture is a real drawing of a few hundred ms. */
const BUSY_CLASSES = [
  { name: "GT3", range: "0-159" },
  { name: "GT4", range: "160-319" },
  { name: "LMP2", range: "320-479" },
  { name: "LMP3", range: "480-639" },
  { name: "TCR", range: "640-799" },
]
const ASKING = 20
/** Generous because pictures queue behind each other on a busy 2-core host; no speed is asserted. */
const PICTURE_WAIT_MS = 30_000

const picturesOf = (handle: InteractionHandle) => handle.responses().flatMap((call) => call.files)

describe("/number available under load, end to end: pictures drawn off the event loop and cached", () => {
  let t: TestBot
  let members = 0
  const newMember = () => t.member(`viewer${++members}`)
  const run = <A>(effect: Effect.Effect<A, unknown, AppServices>) => t.bot.runtime.runPromise(effect)
  const drawings = () => run(Effect.flatMap(AvailabilityPictures, (pictures) => pictures.drawings))
  const available = (user: SeedUser, className: string) => t.fake.slash({ user, command: "number", subcommand: "available", options: { class: className } })
  const claim = (user: SeedUser, number: string) => t.fake.slash({ user, command: "number", subcommand: "claim", options: { number } })
  const burstPictures = new Map<string, Buffer>()

  beforeAll(async () => {
    t = await startTestBot()
    const owner = t.fake.owner.id
    for (const { name, range } of BUSY_CLASSES) await run(saveClass(t.fake.guildId, owner, { name, range, limit: "1", reserved: "" }))
    await run(saveClass(t.fake.guildId, owner, { name: "Rookies", range: "800-999", limit: "1", reserved: "" }))
  })
  afterAll(async () => {
    await t?.stop()
  })

  it("GIVEN 20 members asking for pictures at once WHEN another member claims a number meanwhile THEN the claim is answered in time AND all 20 get a PNG, one drawing per class", async () => {
    const asks = Array.from({ length: ASKING }, (_, i) => {
      const className = BUSY_CLASSES[i % BUSY_CLASSES.length]!.name
      return { className, handle: available(newMember(), className) }
    })
    // Claim once the first picture request is under way, i.e. while drawings are queued or running.
    await asks[0]!.handle.firstResponse(PICTURE_WAIT_MS)
    const claimHandle = claim(newMember(), "850")

    const claimReply = await replyOf(claimHandle)
    expect(textOf(claimReply)).toContain("You claimed **#850** in Rookies (800–999)")
    const claimAnswer = await claimHandle.firstResponse()
    expect(claimAnswer.status).toBeLessThan(300)
    expect(claimHandle.acknowledged()).not.toBeNull()

    const replies = await Promise.all(asks.map(({ handle }) => replyOf(handle, PICTURE_WAIT_MS)))
    expect(replies.every(isEphemeral)).toBe(true)
    for (const [i, { className, handle }] of asks.entries()) {
      expect(textOf(replies[i]!)).toContain(`Car numbers: ${className} (`)
      const files = picturesOf(handle)
      expect(files.map((file) => file.filename)).toEqual(["availability.png"])
      expect(files[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
      burstPictures.set(className, files[0]!.data)
    }
    // Four members per class, and none of those classes changed: single-flight and the cache drew each once.
    expect(await drawings()).toBe(BUSY_CLASSES.length)
    const refused = t.fake.calls.filter((call) => call.status >= 400)
    expect(refused.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([])
  })

  it("GIVEN a class's picture was drawn WHEN a member asks for it again THEN it comes from the cache: the same bytes, no new drawing", async () => {
    const before = await drawings()
    const handle = available(newMember(), "GT3")
    await replyOf(handle, PICTURE_WAIT_MS)
    expect(picturesOf(handle)[0]!.data.equals(burstPictures.get("GT3")!)).toBe(true)
    expect(await drawings()).toBe(before)
  })

  it("GIVEN a cached picture WHEN a member claims a number in that class THEN the next request draws it anew", async () => {
    await replyOf(claim(newMember(), "12"))
    const before = await drawings()
    const handle = available(newMember(), "GT3")
    await replyOf(handle, PICTURE_WAIT_MS)
    expect(picturesOf(handle)[0]!.data.equals(burstPictures.get("GT3")!)).toBe(false)
    expect(await drawings()).toBe(before + 1)
  })
})

describe("/number available when the picture worker crashes, end to end", () => {
  let t: TestBot
  beforeAll(async () => {
    t = await startTestBot({ pictures: { entry: TROUBLED_WORKER } })
    const owner = t.fake.owner.id
    await t.bot.runtime.runPromise(saveClass(t.fake.guildId, owner, { name: "Crash Cup", range: "1-99", limit: "1", reserved: "" }))
    await t.bot.runtime.runPromise(saveClass(t.fake.guildId, owner, { name: "GT3", range: "100-199", limit: "1", reserved: "" }))
  })
  afterAll(async () => {
    await t?.stop()
  })

  it("GIVEN the worker dies drawing a class WHEN a member asks for it THEN they get the numbers in words with an apology AND the next member still gets a picture", async () => {
    const crashed = t.fake.slash({ user: t.member("unlucky"), command: "number", subcommand: "available", options: { class: "Crash Cup" } })
    const reply = await replyOf(crashed, PICTURE_WAIT_MS)
    expect(textOf(reply)).toMatch(/Crash Cup \(1–99\): 99 free, 0 taken, 0 pending, 0 reserved\. Lowest free: 1, 2, 3/)
    expect(textOf(reply)).toContain(PICTURE_MISSING)
    expect(picturesOf(crashed)).toEqual([])
    expect(reply.embeds[0].image).toBeUndefined()

    const next = t.fake.slash({ user: t.member("lucky"), command: "number", subcommand: "available", options: { class: "GT3" } })
    await replyOf(next, PICTURE_WAIT_MS)
    expect(picturesOf(next)[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
  })
})
