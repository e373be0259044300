import { availableParallelism } from "node:os"
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import { pictureKey, type AvailabilityPicture } from "./availability-picture.js"
import type { PictureCacheLimits } from "./picture-cache.js"
import { makePictureDrawer, workerEntry, type PictureDrawer } from "./picture-drawer.js"

/** A class's picture, cached while the class is unchanged (see picture-drawer.ts). */
export class AvailabilityPictures extends Context.Tag("pitboard/AvailabilityPictures")<AvailabilityPictures, PictureDrawer<AvailabilityPicture>>() {}

export interface AvailabilityPicturesOptions {
  /** The worker module; tests point it at one that crashes. Default: availability-worker next to this file. */
  readonly entry?: URL
  readonly workers?: number
  readonly idleTimeoutMs?: number
  readonly taskTimeoutMs?: number
  readonly cache?: PictureCacheLimits
}

const WORKER_ENTRY = workerEntry(import.meta.url, "availability-worker")

/** One core stays with the event loop; a third worker would only queue behind the second on a small host. */
const defaultWorkers = () => Math.min(2, Math.max(1, availableParallelism() - 1))

/** A few classes per server for a few servers; a 0–999 picture is ~400 KB, most are far smaller. */
const DEFAULT_CACHE: PictureCacheLimits = { maxEntries: 64, maxBytes: 16 * 1024 * 1024 }

/** Workers start on the first picture and stop with the layer's scope, so tests and `npm start` exit cleanly. */
export const AvailabilityPicturesLive = (options: AvailabilityPicturesOptions = {}) =>
  Layer.scoped(
    AvailabilityPictures,
    makePictureDrawer<AvailabilityPicture>({
      entry: options.entry ?? WORKER_ENTRY,
      workers: options.workers ?? defaultWorkers(),
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      taskTimeoutMs: options.taskTimeoutMs ?? 20_000,
      cache: options.cache ?? DEFAULT_CACHE,
      key: pictureKey,
      span: "AvailabilityPictures.png",
    }),
  )
