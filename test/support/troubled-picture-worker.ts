import { threadId } from "node:worker_threads"
import { renderAvailabilityPng } from "../../src/adapters/discord/render/availability-image.js"
import type { AvailabilityPicture } from "../../src/adapters/discord/render/availability-picture.js"
import { serveTasks } from "../../src/adapters/discord/render/worker-tasks.js"

/**
 * The real picture worker, except for a few titles that make it misbehave the way a native module
 * or a bug could: "Crash…" ends the thread mid-task, "Hang…" never answers. "Which thread?" answers
 * with the worker's thread id instead of a picture, so a test can tell a new worker from the old one.
 */
serveTasks(async (picture: AvailabilityPicture): Promise<Uint8Array> => {
  if (/^crash/i.test(picture.title)) process.exit(3)
  if (/^hang/i.test(picture.title)) for (;;);
  if (picture.title === "Which thread?") return new TextEncoder().encode(String(threadId))
  return renderAvailabilityPng(picture)
})
