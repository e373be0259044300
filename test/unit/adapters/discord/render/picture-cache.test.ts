import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { pictureKey, type AvailabilityPicture, type CellState } from "../../../../../src/adapters/discord/render/availability-picture.js"
import { makePictureCache } from "../../../../../src/adapters/discord/render/picture-cache.js"

const STATES: ReadonlyArray<CellState> = ["free", "taken", "pending", "reserved"]
const gt3: AvailabilityPicture = {
  title: "GT3 (1–199)",
  subtitle: "Claim a free one with /number claim · 1 number per member",
  cells: Array.from({ length: 199 }, (_, i) => ({ label: String(i + 1), state: "free" })),
}

const cellArb = fc.record({ label: fc.string({ maxLength: 4 }), state: fc.constantFrom(...STATES) })
const pictureArb = fc.record({ title: fc.string(), subtitle: fc.option(fc.string(), { nil: undefined }), cells: fc.array(cellArb, { minLength: 1, maxLength: 60 }) })

/** A drawing the test finishes by hand, so "two requests while one drawing runs" is not left to timing. */
const deferred = () => {
  let resolve!: (png: Buffer) => void
  let reject!: (error: Error) => void
  const promise = new Promise<Buffer>((ok, fail) => {
    resolve = ok
    reject = fail
  })
  return { promise, resolve, reject }
}

/** A cache whose drawings are counted per key and whose pictures are `bytes` long. */
const countingCache = (limits: { maxEntries: number; maxBytes: number }, bytes = 10) => {
  const cache = makePictureCache(limits)
  const drawn: string[] = []
  const get = (key: string) =>
    cache.get(key, async () => {
      drawn.push(key)
      return Buffer.alloc(bytes, key)
    })
  return { cache, drawn, get }
}

describe("the picture key", () => {
  it("GIVEN the same class read twice WHEN keyed THEN the keys are equal, whatever order the properties were written in", () => {
    const rebuilt: AvailabilityPicture = { cells: gt3.cells.map((cell) => ({ state: cell.state, label: cell.label })), subtitle: gt3.subtitle!, title: gt3.title }
    expect(pictureKey(rebuilt)).toBe(pictureKey(gt3))
  })

  it("GIVEN any picture WHEN one cell's state changes (a claim, a release, a reservation) THEN the key changes", () => {
    fc.assert(
      fc.property(pictureArb, fc.nat(), fc.constantFrom(...STATES), (picture, at, state) => {
        const index = at % picture.cells.length
        fc.pre(picture.cells[index]!.state !== state)
        const changed = { ...picture, cells: picture.cells.map((cell, i) => (i === index ? { ...cell, state } : cell)) }
        expect(pictureKey(changed)).not.toBe(pictureKey(picture))
      }),
    )
  })

  it("GIVEN a picture WHEN a label, the title or the subtitle changes THEN the key changes", () => {
    const keys = [
      gt3,
      { ...gt3, cells: gt3.cells.map((cell, i) => (i === 6 ? { ...cell, label: "07" } : cell)) },
      { ...gt3, title: "GT3 (1–150)" },
      { ...gt3, subtitle: "Claim a free one with /number claim · 2 numbers per member" },
      { title: gt3.title, cells: gt3.cells },
    ].map(pictureKey)
    expect(new Set(keys).size).toBe(keys.length)
  })
})

describe("the picture cache", () => {
  it("GIVEN a picture was drawn WHEN the same key is asked for again THEN the stored bytes come back without drawing", async () => {
    const { drawn, get } = countingCache({ maxEntries: 4, maxBytes: 1000 })
    const first = await get("a")
    const second = await get("a")
    expect(second).toBe(first)
    expect(drawn).toEqual(["a"])
  })

  it("GIVEN a key is being drawn WHEN more requests for it arrive THEN they all wait for that one drawing", async () => {
    const cache = makePictureCache({ maxEntries: 4, maxBytes: 1000 })
    const drawing = deferred()
    let drawings = 0
    const draw = () => {
      drawings += 1
      return drawing.promise
    }
    const requests = [cache.get("a", draw), cache.get("a", draw), cache.get("a", draw)]
    drawing.resolve(Buffer.from("png"))
    const pictures = await Promise.all(requests)
    expect(drawings).toBe(1)
    expect(pictures.every((picture) => picture === pictures[0])).toBe(true)
  })

  it("GIVEN a drawing fails WHEN those waiting on it are told THEN nothing is stored AND the next request draws again", async () => {
    const cache = makePictureCache({ maxEntries: 4, maxBytes: 1000 })
    const failing = deferred()
    const waiting = [cache.get("a", () => failing.promise), cache.get("a", () => failing.promise)]
    failing.reject(new Error("worker crashed"))
    for (const request of waiting) await expect(request).rejects.toThrow("worker crashed")
    expect(cache.size().entries).toBe(0)
    await expect(cache.get("a", async () => Buffer.from("png"))).resolves.toEqual(Buffer.from("png"))
  })

  it("GIVEN a draw that throws before returning a promise WHEN asked THEN the request fails AND the cache still works", async () => {
    const cache = makePictureCache({ maxEntries: 4, maxBytes: 1000 })
    await expect(cache.get("a", () => { throw new Error("no worker") })).rejects.toThrow("no worker")
    await expect(cache.get("a", async () => Buffer.from("png"))).resolves.toEqual(Buffer.from("png"))
  })

  it("GIVEN room for two pictures WHEN a third is drawn THEN the least recently used goes AND the recently used one stays", async () => {
    const { cache, drawn, get } = countingCache({ maxEntries: 2, maxBytes: 1000 })
    await get("a")
    await get("b")
    await get("a")
    await get("c")
    expect(cache.size().entries).toBe(2)
    await get("a")
    await get("b")
    expect(drawn).toEqual(["a", "b", "c", "b"])
  })

  it("GIVEN a byte budget of 25 WHEN three 10-byte pictures are stored THEN the oldest goes to stay within it", async () => {
    const { cache, drawn, get } = countingCache({ maxEntries: 10, maxBytes: 25 }, 10)
    await get("a")
    await get("b")
    await get("c")
    expect(cache.size()).toEqual({ entries: 2, bytes: 20 })
    await get("a")
    expect(drawn).toEqual(["a", "b", "c", "a"])
  })

  it("GIVEN a picture bigger than the whole budget WHEN drawn THEN it is answered but not kept, AND the others stay", async () => {
    const cache = makePictureCache({ maxEntries: 10, maxBytes: 25 })
    await cache.get("small", async () => Buffer.alloc(10))
    await expect(cache.get("huge", async () => Buffer.alloc(30))).resolves.toHaveLength(30)
    expect(cache.size()).toEqual({ entries: 1, bytes: 10 })
  })
})
