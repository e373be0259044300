/**
 * Who may run admin actions. Every admin action belongs to one module; members with Manage
 * Server (or Administrator) administer everything, and can grant a module to roles or members.
 * Release 0.1.0 also offered "settings", which guarded nothing: the server settings there are
 * (announcement channel, iRacing league, sync interval) are car-number settings in /setup, so
 * they belong to "numbers". Grants of it that a 0.1.0 database may hold are ignored when read.
 */
export const MODULES = ["numbers", "events", "tracks", "championships", "stewards"] as const
export type ModuleName = (typeof MODULES)[number]

export const MODULE_DESCRIPTIONS: Record<ModuleName, string> = {
  numbers: "car numbers: setup (classes, announcement channel, iRacing league), assign, revoke, reserve, export, audit log, iRacing sync",
  events: "race events: create, publish, edit, cancel, entrants",
  tracks: "the guild's track list",
  championships: "championships, their rounds, results and points systems",
  stewards: "stewarding: time and points penalties in championships",
}

export const isModuleName = (value: string): value is ModuleName => (MODULES as readonly string[]).includes(value)

export interface ModuleGrant {
  readonly module: ModuleName
  readonly subjectType: "role" | "user"
  readonly subjectId: string
}

/** What Discord tells us about the member pressing the button or running the command. */
export interface Actor {
  readonly userId: string
  readonly roleIds: ReadonlyArray<string>
  /** Manage Server or Administrator, as computed by Discord for this channel. */
  readonly managesServer: boolean
}

export const canAdminister = (actor: Actor, module: ModuleName, grants: ReadonlyArray<ModuleGrant>): boolean =>
  actor.managesServer ||
  grants.some(
    (grant) =>
      grant.module === module &&
      ((grant.subjectType === "user" && grant.subjectId === actor.userId) ||
        (grant.subjectType === "role" && actor.roleIds.includes(grant.subjectId))),
  )

/** The modules an actor may administer, for /help and for explaining refusals. */
export const administeredModules = (actor: Actor, grants: ReadonlyArray<ModuleGrant>): ReadonlyArray<ModuleName> =>
  MODULES.filter((module) => canAdminister(actor, module, grants))

/** A grant as stored, with who gave it and when. */
export interface StoredGrant extends ModuleGrant {
  readonly grantedBy: string
  readonly grantedAt: number
}

