/**
 * Standings pictures, drawn off the event loop by the same worker pool and content-keyed cache as
 * the availability pictures (render/worker-pool.ts, render/picture-cache.ts), in a pool of its own
 * with one worker: a season's table is drawn a few times a week, and one worker never takes the
 * second core from the availability pictures on a small host.
 */
import { Context, Effect, Layer } from "effect"
import { PictureNotDrawn } from "../render/availability-pictures.js"
import { makePictureCache, type PictureCacheLimits } from "../render/picture-cache.js"
import { makeWorkerPool } from "../render/worker-pool.js"
import { standingsPictureKey, type StandingsPicture } from "./standings-picture.js"

export class StandingsPictures extends Context.Tag("pitboard/StandingsPictures")<
  StandingsPictures,
  { readonly png: (picture: StandingsPicture) => Effect.Effect<Buffer, PictureNotDrawn> }
>() {}

export interface StandingsPicturesOptions {
  readonly entry?: URL
  readonly idleTimeoutMs?: number
  readonly taskTimeoutMs?: number
  readonly cache?: PictureCacheLimits
}

const extension = new URL(import.meta.url).pathname.endsWith(".ts") ? ".ts" : ".js"
const WORKER_ENTRY = new URL(`./standings-worker${extension}`, import.meta.url)

export const StandingsPicturesLive = (options: StandingsPicturesOptions = {}) =>
  Layer.scoped(
    StandingsPictures,
    Effect.gen(function* () {
      const pool = yield* Effect.acquireRelease(
        Effect.sync(() =>
          makeWorkerPool<StandingsPicture, Uint8Array>({ entry: options.entry ?? WORKER_ENTRY, size: 1, idleTimeoutMs: options.idleTimeoutMs ?? 60_000, taskTimeoutMs: options.taskTimeoutMs ?? 20_000 }),
        ),
        (pool) => Effect.promise(() => pool.close()),
      )
      const cache = makePictureCache(options.cache ?? { maxEntries: 32, maxBytes: 8 * 1024 * 1024 })
      const draw = async (picture: StandingsPicture) => {
        const bytes = await pool.run(picture)
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      }
      return {
        png: (picture) =>
          Effect.tryPromise({
            try: () => cache.get(standingsPictureKey(picture), () => draw(picture)),
            catch: (error) => new PictureNotDrawn({ reason: error instanceof Error ? error.message : String(error) }),
          }).pipe(Effect.withSpan("StandingsPictures.png")),
      }
    }),
  )
