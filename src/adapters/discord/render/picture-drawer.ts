/**
 * What the availability and standings pictures share: PNGs drawn off the event loop by a worker
 * pool (worker-pool.ts) that starts on the first picture and closes with the caller's scope, kept
 * in a content-keyed cache (picture-cache.ts) so an unchanged picture is never drawn twice. Each
 * service says only which worker draws, how many workers, its cache's size and the picture's key.
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { makePictureCache, type PictureCacheLimits } from "./picture-cache.js"
import { makeWorkerPool } from "./worker-pool.js"

export class PictureNotDrawn extends Data.TaggedError("PictureNotDrawn")<{ readonly reason: string }> {}

export interface PictureDrawer<P> {
  /** The PNG of `picture`: the cached one while its key is unchanged, else one a worker draws. */
  readonly png: (picture: P) => Effect.Effect<Buffer, PictureNotDrawn>
  /** Pictures handed to a worker since start: requests minus this is what the cache saved. */
  readonly drawings: Effect.Effect<number>
}

export interface PictureDrawerSettings<P> {
  /** The worker module (see workerEntry). */
  readonly entry: URL
  readonly workers: number
  readonly idleTimeoutMs: number
  readonly taskTimeoutMs: number
  readonly cache: PictureCacheLimits
  /** Equal for pictures that look the same: the cache's key. */
  readonly key: (picture: P) => string
  /** The span each png call is traced under. */
  readonly span: string
}

/**
 * The module `name` next to `importMetaUrl`, with the caller's own extension: `.ts` when run from
 * source (tsx, vitest), `.js` once compiled.
 */
export const workerEntry = (importMetaUrl: string, name: string): URL =>
  new URL(`./${name}${new URL(importMetaUrl).pathname.endsWith(".ts") ? ".ts" : ".js"}`, importMetaUrl)

export const makePictureDrawer = <P>(settings: PictureDrawerSettings<P>): Effect.Effect<PictureDrawer<P>, never, Scope.Scope> =>
  Effect.gen(function* () {
    const pool = yield* Effect.acquireRelease(
      Effect.sync(() => makeWorkerPool<P, Uint8Array>({ entry: settings.entry, size: settings.workers, idleTimeoutMs: settings.idleTimeoutMs, taskTimeoutMs: settings.taskTimeoutMs })),
      (pool) => Effect.promise(() => pool.close()),
    )
    const cache = makePictureCache(settings.cache)
    let drawings = 0
    const draw = async (picture: P): Promise<Buffer> => {
      drawings += 1
      // A Buffer crosses the thread boundary as a plain Uint8Array; view its bytes without copying.
      const bytes = await pool.run(picture)
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    }
    return {
      png: (picture: P) =>
        Effect.tryPromise({
          try: () => cache.get(settings.key(picture), () => draw(picture)),
          catch: (error) => new PictureNotDrawn({ reason: error instanceof Error ? error.message : String(error) }),
        }).pipe(Effect.withSpan(settings.span)),
      drawings: Effect.sync(() => drawings),
    }
  })
