/**
 * Standings pictures, drawn off the event loop by the same worker pool and content-keyed cache as
 * the availability pictures (render/picture-drawer.ts), in a pool of its own
 * with one worker: a season's table is drawn a few times a week, and one worker never takes the
 * second core from the availability pictures on a small host.
 */
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import type { PictureCacheLimits } from "../render/picture-cache.js"
import { makePictureDrawer, workerEntry, type PictureDrawer } from "../render/picture-drawer.js"
import { standingsPictureKey, type StandingsPicture } from "./standings-picture.js"

export class StandingsPictures extends Context.Tag("pitboard/StandingsPictures")<StandingsPictures, PictureDrawer<StandingsPicture>>() {}

export interface StandingsPicturesOptions {
  readonly entry?: URL
  readonly idleTimeoutMs?: number
  readonly taskTimeoutMs?: number
  readonly cache?: PictureCacheLimits
}

const WORKER_ENTRY = workerEntry(import.meta.url, "standings-worker")

export const StandingsPicturesLive = (options: StandingsPicturesOptions = {}) =>
  Layer.scoped(
    StandingsPictures,
    makePictureDrawer<StandingsPicture>({
      entry: options.entry ?? WORKER_ENTRY,
      workers: 1,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      taskTimeoutMs: options.taskTimeoutMs ?? 20_000,
      cache: options.cache ?? { maxEntries: 32, maxBytes: 8 * 1024 * 1024 },
      key: standingsPictureKey,
      span: "StandingsPictures.png",
    }),
  )
