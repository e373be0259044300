import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import { describe, expect, it } from "vitest"
import type { AvailabilityPicture } from "../../../../../src/adapters/discord/render/availability-picture.js"
import { AvailabilityPictures, AvailabilityPicturesLive, type AvailabilityPicturesOptions } from "../../../../../src/adapters/discord/render/availability-pictures.js"
import { PictureNotDrawn } from "../../../../../src/adapters/discord/render/picture-drawer.js"

const TROUBLED_WORKER = new URL("../../../../support/troubled-picture-worker.ts", import.meta.url)

const gt3: AvailabilityPicture = { title: "GT3 (1–40)", cells: Array.from({ length: 40 }, (_, i) => ({ label: String(i + 1), state: i % 3 === 0 ? "taken" : "free" })) }
const withSeven = (state: "pending" | "free"): AvailabilityPicture => ({ ...gt3, cells: gt3.cells.map((cell) => (cell.label === "7" ? { ...cell, state } : cell)) })

/** The service as the bot builds it, in a scope the test closes itself, as the bot's shutdown would. */
const withPictures = <A>(options: AvailabilityPicturesOptions, use: (pictures: AvailabilityPictures["Type"]) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(AvailabilityPicturesLive(options), scope)
      const pictures = Context.get(context, AvailabilityPictures)
      const result = yield* use(pictures)
      return { result, pictures, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
    }),
  )

describe("availability pictures, drawn by a worker and cached", () => {
  it("GIVEN the same class asked for three times, two of them at once THEN one drawing serves all AND the bytes are the same", async () => {
    const { result, close } = await withPictures({}, (pictures) =>
      Effect.gen(function* () {
        const together = yield* Effect.all([pictures.png(gt3), pictures.png(gt3)], { concurrency: "unbounded" })
        const later = yield* pictures.png(gt3)
        return { pngs: [...together, later], drawings: yield* pictures.drawings }
      }),
    )
    await close()
    expect(result.drawings).toBe(1)
    expect(result.pngs.every((png) => png.equals(result.pngs[0]!))).toBe(true)
  })

  it("GIVEN a cached class WHEN a number in it becomes pending THEN it is drawn again AND looks different", async () => {
    const { result, close } = await withPictures({}, (pictures) =>
      Effect.gen(function* () {
        const before = yield* pictures.png(withSeven("free"))
        const after = yield* pictures.png(withSeven("pending"))
        return { differ: !before.equals(after), drawings: yield* pictures.drawings }
      }),
    )
    await close()
    expect(result).toEqual({ differ: true, drawings: 2 })
  })

  it("GIVEN a worker that crashes on one picture THEN that request fails as PictureNotDrawn AND the next picture is drawn", async () => {
    const { result, close } = await withPictures({ entry: TROUBLED_WORKER }, (pictures) =>
      Effect.gen(function* () {
        const crashed = yield* Effect.flip(pictures.png({ title: "Crash (1–9)", cells: [] }))
        const next = yield* pictures.png(gt3)
        return { crashed, signature: next.subarray(1, 4).toString("latin1") }
      }),
    )
    await close()
    expect(result.crashed).toBeInstanceOf(PictureNotDrawn)
    expect(result.crashed.reason).toContain("exited with code 3")
    expect(result.signature).toBe("PNG")
  })

  it("GIVEN a picture still drawing WHEN the layer's scope closes (the bot stops) THEN its worker ends AND the request fails instead of hanging", async () => {
    const { result: drawing, close } = await withPictures({ entry: TROUBLED_WORKER }, (pictures) =>
      Effect.sync(() => Effect.runPromiseExit(pictures.png({ title: "Hang (1–9)", cells: [] }))),
    )
    await close()
    const exit = await drawing
    const failure = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
    expect(failure).toBeInstanceOf(PictureNotDrawn)
    expect(failure?.reason).toContain("pool closed")
  })
})
