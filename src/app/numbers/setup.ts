import { newId } from "../ids.js"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { effectiveClasses, findClassByName, inRange, parseRange, parseReservedList, validateClass, DEFAULT_CLASS, type NumberClass } from "../../domain/numbers/classes.js"
import type { GuildSettings } from "../../domain/server-settings.js"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { readGuildSettings, writeGuildSettings } from "../../adapters/sqlite/repositories/guild-settings.js"
import { readActiveClaims, readClasses, writeClasses } from "../../adapters/sqlite/repositories/number-claims.js"
import { refuse } from "../refusal.js"
import { writeTransaction, readQuery } from "../transaction.js"

/** What an admin types in the class form; every field is text as typed. */
export interface ClassForm {
  readonly name: string
  readonly range: string
  readonly limit: string
  readonly reserved: string
}

const fromForm = (form: ClassForm, id: string, keepReserved: ReadonlyArray<string> = []) => {
  const range = parseRange(form.range)
  if (Either.isLeft(range)) return Either.left(range.left.message)
  const limitText = form.limit.trim() === "" ? "1" : form.limit.trim()
  if (!/^\d{1,3}$/.test(limitText)) return Either.left(`The per-member limit must be a whole number like 1 or 2; "${form.limit.trim()}" is not one.`)
  const reserved = form.reserved.trim() === "" ? Either.right([]) : parseReservedList(form.reserved)
  if (Either.isLeft(reserved)) return Either.left(reserved.left.message)
  return Either.right<NumberClass>({ id, name: form.name, min: range.right.min, max: range.right.max, limitPerMember: Number(limitText), reserved: reserved.right.length > 0 ? reserved.right : (keepReserved as NumberClass["reserved"]) })
}

/**
 * Adds a class, or replaces the one with `classId`. Claims already held must still fit: a range
 * may not shrink past a held number. The first class a server defines takes over the claims made
 * under the built-in "Open 0–999" class.
 */
export const saveClass = Effect.fnUntraced(function* (guildId: string, actorId: string, form: ClassForm, classId?: string) {
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("numbers.save-class", async (trx) => {
    const classes = await readClasses(trx, guildId)
    const existing = classId === undefined ? undefined : classes.find((c) => c.id === classId)
    if (classId !== undefined && existing === undefined) throw refuse("That class was removed meanwhile. Open /setup again.")
    const parsed = fromForm(form, classId ?? newId())
    if (Either.isLeft(parsed)) throw refuse(parsed.left)
    const valid = validateClass(parsed.right, classes)
    if (Either.isLeft(valid)) throw refuse(valid.left.message)
    const saved = valid.right
    const held = await readActiveClaims(trx, guildId)
    const adopting = classes.length === 0 ? held.filter((claim) => claim.classId === DEFAULT_CLASS.id) : []
    const mustFit = classId !== undefined ? held.filter((claim) => claim.classId === classId) : adopting
    const outside = mustFit.filter((claim) => !inRange(claim.number, saved))
    if (outside.length > 0) {
      throw refuse(`${outside.length} held number(s) would fall outside ${saved.min}–${saved.max}: ${outside.slice(0, 10).map((c) => `#${c.number}`).join(", ")}. Widen the range, or release/revoke those first.`)
    }
    const next = existing === undefined ? [...classes, saved] : classes.map((c) => (c.id === saved.id ? saved : c))
    await writeClasses(trx, guildId, next)
    if (adopting.length > 0) await trx.updateTable("claims").set({ class_id: saved.id }).where("guild_id", "=", guildId).where("class_id", "=", DEFAULT_CLASS.id).execute()
    await appendAudit(trx, { guildId, actorId, action: existing === undefined ? "numbers.class.add" : "numbers.class.edit", subject: saved.name, details: { ...saved }, at: now })
    return saved
  })
})

export const removeClass = Effect.fnUntraced(function* (guildId: string, actorId: string, classId: string) {
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("numbers.remove-class", async (trx) => {
    const classes = await readClasses(trx, guildId)
    const target = classes.find((c) => c.id === classId)
    if (target === undefined) throw refuse("That class was already removed.")
    // The only class can never go, so say that first rather than send the admin off to revoke numbers.
    if (classes.length === 1) throw refuse(`${target.name} is the only class; edit it instead of removing it.`)
    const held = (await readActiveClaims(trx, guildId)).filter((claim) => claim.classId === classId)
    if (held.length > 0) throw refuse(`${target.name} still has ${held.length} held number(s). Release or revoke them first.`)
    await writeClasses(trx, guildId, classes.filter((c) => c.id !== classId))
    await appendAudit(trx, { guildId, actorId, action: "numbers.class.remove", subject: target.name, details: {}, at: now })
    return target
  })
})

/** Adds or removes reserved numbers in a class; held numbers may be reserved (they stay with their holder). */
export const changeReserved = Effect.fnUntraced(function* (guildId: string, actorId: string, className: string | null, numbersText: string, reserve: boolean) {
  const now = yield* Clock.currentTimeMillis
  const parsed = parseReservedList(numbersText)
  if (Either.isLeft(parsed)) return yield* Effect.fail(refuse(parsed.left.message))
  if (parsed.right.length === 0) return yield* Effect.fail(refuse("Name at least one number, like 1, 07 or 10-19."))
  return yield* writeTransaction("numbers.reserve", async (trx) => {
    const classes = effectiveClasses(await readClasses(trx, guildId))
    const target = className === null || className.trim() === "" ? (classes.length === 1 ? classes[0] : undefined) : findClassByName(classes, className)
    if (target === undefined) throw refuse(`Name the class: ${classes.map((c) => c.name).join(", ")}.`)
    const reserved = reserve ? [...target.reserved, ...parsed.right] : target.reserved.filter((n) => !parsed.right.includes(n))
    const valid = validateClass({ ...target, reserved }, classes)
    if (Either.isLeft(valid)) throw refuse(valid.left.message)
    await writeClasses(trx, guildId, classes.map((c) => (c.id === target.id ? valid.right : c)))
    await appendAudit(trx, { guildId, actorId, action: reserve ? "numbers.reserve" : "numbers.unreserve", subject: target.name, details: { numbers: parsed.right }, at: now })
    return { numberClass: valid.right, changed: parsed.right }
  })
})

export const readSettings = (guildId: string) =>
  readQuery("settings.read", (db) => readGuildSettings(db, guildId))

export const updateSettings = Effect.fnUntraced(function* (guildId: string, actorId: string, patch: Partial<GuildSettings>) {
  const now = yield* Clock.currentTimeMillis
  return yield* writeTransaction("settings.update", async (trx) => {
    const next = { ...(await readGuildSettings(trx, guildId)), ...patch }
    await writeGuildSettings(trx, guildId, next, now)
    await appendAudit(trx, { guildId, actorId, action: "settings.update", subject: null, details: patch, at: now })
    return next
  })
})
