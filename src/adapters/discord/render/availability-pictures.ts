import { availableParallelism } from "node:os"
import { Context, Data, Effect, Layer } from "effect"
import { pictureKey, type AvailabilityPicture } from "./availability-picture.js"
import { makePictureCache, type PictureCacheLimits } from "./picture-cache.js"
import { makeWorkerPool } from "./worker-pool.js"

export class PictureNotDrawn extends Data.TaggedError("PictureNotDrawn")<{ readonly reason: string }> {}

export class AvailabilityPictures extends Context.Tag("pitboard/AvailabilityPictures")<
  AvailabilityPictures,
  {
    /** The PNG of `picture`: the cached one while the class is unchanged, else one a worker draws. */
    readonly png: (picture: AvailabilityPicture) => Effect.Effect<Buffer, PictureNotDrawn>
    /** Pictures handed to a worker since start: requests minus this is what the cache saved. */
    readonly drawings: Effect.Effect<number>
  }
>() {}

export interface AvailabilityPicturesOptions {
  /** The worker module; tests point it at one that crashes. Default: availability-worker next to this file. */
  readonly entry?: URL
  readonly workers?: number
  readonly idleTimeoutMs?: number
  readonly taskTimeoutMs?: number
  readonly cache?: PictureCacheLimits
}

// Same extension as this module: `.ts` when run from source (tsx, vitest), `.js` once compiled.
const extension = new URL(import.meta.url).pathname.endsWith(".ts") ? ".ts" : ".js"
const WORKER_ENTRY = new URL(`./availability-worker${extension}`, import.meta.url)

/** One core stays with the event loop; a third worker would only queue behind the second on a small host. */
const defaultWorkers = () => Math.min(2, Math.max(1, availableParallelism() - 1))

/** A few classes per server for a few servers; a 0–999 picture is ~400 KB, most are far smaller. */
const DEFAULT_CACHE: PictureCacheLimits = { maxEntries: 64, maxBytes: 16 * 1024 * 1024 }

/** Workers start on the first picture and stop with the layer's scope, so tests and `npm start` exit cleanly. */
export const AvailabilityPicturesLive = (options: AvailabilityPicturesOptions = {}) =>
  Layer.scoped(
    AvailabilityPictures,
    Effect.gen(function* () {
      const pool = yield* Effect.acquireRelease(
        Effect.sync(() =>
          makeWorkerPool<AvailabilityPicture, Uint8Array>({
            entry: options.entry ?? WORKER_ENTRY,
            size: options.workers ?? defaultWorkers(),
            idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
            taskTimeoutMs: options.taskTimeoutMs ?? 20_000,
          }),
        ),
        (pool) => Effect.promise(() => pool.close()),
      )
      const cache = makePictureCache(options.cache ?? DEFAULT_CACHE)
      let drawings = 0
      const draw = async (picture: AvailabilityPicture): Promise<Buffer> => {
        drawings += 1
        // A Buffer crosses the thread boundary as a plain Uint8Array; view its bytes without copying.
        const bytes = await pool.run(picture)
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      }
      return {
        png: (picture) =>
          Effect.tryPromise({
            try: () => cache.get(pictureKey(picture), () => draw(picture)),
            catch: (error) => new PictureNotDrawn({ reason: error instanceof Error ? error.message : String(error) }),
          }).pipe(Effect.withSpan("AvailabilityPictures.png")),
        drawings: Effect.sync(() => drawings),
      }
    }),
  )
