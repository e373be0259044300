import * as Layer from "effect/Layer"
import { DatabaseLive } from "../../src/adapters/sqlite/database.js"
import { FollowUpsUndelivered } from "../../src/app/follow-ups.js"
import { ModuleAccessLive } from "../../src/app/module-access.js"
import { TracingOff } from "../../src/app/pitboard.js"

/** The app layer as the bot runs it over a SQLite file, minus Discord: announcements go nowhere. */
export const appLayer = (path: string) => {
  const database = DatabaseLive(path)
  return Layer.mergeAll(database, ModuleAccessLive.pipe(Layer.provide(database)), FollowUpsUndelivered, TracingOff)
}
