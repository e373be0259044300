import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { Database } from "../../src/adapters/sqlite/database.js"
import { FollowUpsUndelivered } from "../../src/app/follow-ups.js"
import { assignNumber, claimNumber, releaseNumber, revokeNumber } from "../../src/app/numbers/claim-use-cases.js"
import { saveClass } from "../../src/app/numbers/setup.js"
import { answerTrade, proposeTrade } from "../../src/app/numbers/trade-use-cases.js"
import { ModuleAccessLive } from "../../src/app/module-access.js"
import { readClasses } from "../../src/adapters/sqlite/repositories/number-claims.js"
import { applyCommand, initialModel, type Command, type ModelState } from "../support/numbers-model.js"
import { TestDatabaseLive } from "../support/test-database.js"

/**
 * The real stack (use cases, claim machine, SQLite file) against the pure reference model: any
 * sequence of claims, releases, assignments, revocations and trades must end with the same
 * holders, and concurrent bursts must never leave a number held twice or a member over the limit.
 */
const GUILD = "700000000000000001"
const MEMBERS = ["800000000000000001", "800000000000000002", "800000000000000003", "800000000000000004"]
const ADMIN = "800000000000000009"
const NUMBERS = ["7", "07", "8", "199", "200", "201", "250"]

const folder = mkdtempSync(join(tmpdir(), "pitboard-prop-"))
afterAll(() => rmSync(folder, { recursive: true, force: true }))
let files = 0

const startStack = async () => {
  const database = TestDatabaseLive(join(folder, `p${files++}.sqlite`))
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(database, ModuleAccessLive.pipe(Layer.provide(database)), FollowUpsUndelivered),
  )
  await runtime.runPromise(saveClass(GUILD, ADMIN, { name: "GT3", range: "1-199", limit: "1", reserved: "" }))
  await runtime.runPromise(saveClass(GUILD, ADMIN, { name: "LMP2", range: "200-299", limit: "2", reserved: "250" }))
  const classes = await runtime.runPromise(Effect.flatMap(Database, (db) => db.query("classes", (k) => readClasses(k, GUILD))))
  return { runtime, classes }
}

const member = fc.constantFrom(...MEMBERS)
const number = fc.constantFrom(...NUMBERS)
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant("claim" as const), memberId: member, number, isAdmin: fc.constant(false) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("release" as const), memberId: member, number }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("assign" as const), adminId: fc.constant(ADMIN), memberId: member, number }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("revoke" as const), adminId: fc.constant(ADMIN), number, reason: fc.constant("rules") }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("offerTrade" as const), proposerId: member, targetId: member, myNumber: number, theirNumber: number }) },
)

const asMember = (userId: string) => ({ userId, roleIds: [], managesServer: false })
const asAdmin = (userId: string) => ({ userId, roleIds: [], managesServer: true })

type Runtime = Awaited<ReturnType<typeof startStack>>["runtime"]

/** Runs one command through the real use cases; a trade offer is answered by its target at once. */
const runReal = (runtime: Runtime, cmd: Command): Promise<boolean> => {
  const ok = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    runtime.runPromise(Effect.either(effect as Effect.Effect<A, E, never>)).then((result) => result._tag === "Right")
  switch (cmd.type) {
    case "claim":
      return ok(claimNumber({ guildId: GUILD, actor: asMember(cmd.memberId), number: cmd.number }))
    case "release":
      return ok(releaseNumber({ guildId: GUILD, actor: asMember(cmd.memberId), number: cmd.number }))
    case "assign":
      return ok(assignNumber({ guildId: GUILD, actor: asAdmin(cmd.adminId), number: cmd.number, memberId: cmd.memberId }))
    case "revoke":
      return ok(revokeNumber({ guildId: GUILD, actor: asAdmin(cmd.adminId), number: cmd.number, reason: cmd.reason }))
    case "offerTrade":
      return ok(
        proposeTrade({ guildId: GUILD, actor: asMember(cmd.proposerId), targetId: cmd.targetId, myNumber: cmd.myNumber, theirNumber: cmd.theirNumber }).pipe(
          Effect.flatMap(({ id }) => answerTrade(GUILD, id, asMember(cmd.targetId), "accept")),
          // A void or expired offer closes without swapping: a refusal, as in the model.
          Effect.flatMap((result) => (result._tag === "Ended" ? Effect.fail(result.reason) : Effect.succeed(result))),
        ),
      )
    default:
      throw new Error(`not generated: ${cmd.type}`)
  }
}

/** The model's view of the same command (a trade is offer + immediate accept). */
const runModel = (state: ModelState, cmd: Command) => {
  if (cmd.type !== "offerTrade") return applyCommand(state, cmd)
  const offered = applyCommand(state, cmd)
  if (!offered.outcome.ok) return offered
  return applyCommand(offered.state, { type: "acceptTrade", offerIndex: offered.state.offers.length - 1, actorId: cmd.targetId })
}

const activeHolders = (runtime: Runtime) =>
  runtime.runPromise(
    Effect.flatMap(Database, (db) =>
      db.query("holders", (k) =>
        k.selectFrom("claims").select(["class_id", "number", "holder_id"]).where("guild_id", "=", GUILD).where("status", "in", ["claimed", "confirmed"]).execute(),
      ),
    ),
  )

const key = (classId: string, n: string, holder: string) => `${classId}#${n}@${holder}`

describe("car numbers through the real stack", () => {
  it("GIVEN any sequence of commands THEN the database agrees with the reference model step by step", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
        const { runtime, classes } = await startStack()
        try {
          let model = initialModel(GUILD, classes)
          for (const cmd of commands) {
            const expected = runModel(model, cmd)
            const actual = await runReal(runtime, cmd)
            expect(actual, JSON.stringify(cmd)).toBe(expected.outcome.ok)
            model = expected.state
          }
          const rows = await activeHolders(runtime)
          expect(rows.map((r) => key(r.class_id, r.number, r.holder_id)).sort()).toEqual(model.claims.map((c) => key(c.classId, c.number, c.holderId)).sort())
        } finally {
          await runtime.dispose()
        }
      }),
      { numRuns: 40 },
    )
  }, 120_000)

  it("GIVEN bursts of concurrent commands THEN no number is ever held twice and members stay within their class limit", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(command.filter((c) => c.type !== "assign"), { minLength: 2, maxLength: 8 }), { minLength: 1, maxLength: 5 }), async (bursts) => {
        const { runtime, classes } = await startStack()
        try {
          for (const burst of bursts) {
            await Promise.all(burst.map((cmd) => runReal(runtime, cmd)))
            const rows = await activeHolders(runtime)
            const perNumber = new Map<string, number>()
            const perMember = new Map<string, number>()
            for (const row of rows) {
              perNumber.set(`${row.class_id}#${row.number}`, (perNumber.get(`${row.class_id}#${row.number}`) ?? 0) + 1)
              perMember.set(`${row.class_id}@${row.holder_id}`, (perMember.get(`${row.class_id}@${row.holder_id}`) ?? 0) + 1)
            }
            expect([...perNumber.values()].every((count) => count === 1)).toBe(true)
            for (const [classAndMember, count] of perMember) {
              const limit = classes.find((c) => classAndMember.startsWith(`${c.id}@`))!.limitPerMember
              expect(count, classAndMember).toBeLessThanOrEqual(limit)
            }
          }
        } finally {
          await runtime.dispose()
        }
      }),
      { numRuns: 25 },
    )
  }, 120_000)
})
