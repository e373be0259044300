import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { ModuleGrant, ModuleName, StoredGrant } from "../domain/permissions.js"
import { Database, type DatabaseError } from "../adapters/sqlite/database.js"
import { appendAudit } from "../adapters/sqlite/repositories/audit-log.js"
import { deleteGrant, insertGrant, listGrants } from "../adapters/sqlite/repositories/module-grants.js"

/** Reads a guild's module grants; the router asks it before every admin command, button and modal. */
export class ModuleAccess extends Context.Tag("pitboard/ModuleAccess")<
  ModuleAccess,
  { readonly grants: (guildId: string) => Effect.Effect<ReadonlyArray<ModuleGrant>, DatabaseError> }
>() {}

export const ModuleAccessLive = Layer.effect(
  ModuleAccess,
  Effect.map(Database, (database) => ({
    grants: (guildId: string) => database.query("permissions.list", (db) => listGrants(db, guildId)),
  })),
)

export interface GrantRequest {
  readonly guildId: string
  readonly actorId: string
  readonly module: ModuleName
  readonly subjectType: "role" | "user"
  readonly subjectId: string
}

/** Grants or revokes; returns false when there was nothing to change, so the reply can say so. */
const changeGrant = (change: "grant" | "revoke") =>
  Effect.fnUntraced(function* (request: GrantRequest) {
    const database = yield* Database
    const now = yield* Clock.currentTimeMillis
    return yield* database.transaction(`permissions.${change}`, async (trx) => {
      const changed =
        change === "grant"
          ? await insertGrant(trx, request.guildId, { ...request, grantedBy: request.actorId, grantedAt: now })
          : await deleteGrant(trx, request.guildId, request)
      if (changed) {
        await appendAudit(trx, {
          guildId: request.guildId,
          actorId: request.actorId,
          action: `permissions.${change}`,
          subject: request.subjectId,
          details: { module: request.module, subjectType: request.subjectType },
          at: now,
        })
      }
      return changed
    })
  })

export const grantModule = changeGrant("grant")
export const revokeModule = changeGrant("revoke")

export const listModuleGrants = (guildId: string): Effect.Effect<ReadonlyArray<StoredGrant>, DatabaseError, Database> =>
  Effect.flatMap(Database, (database) => database.query("permissions.list", (db) => listGrants(db, guildId)))
