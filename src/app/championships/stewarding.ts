/**
 * The stewards' penalties. Each is audited with who gave it, when and why; the driver, when they
 * are a linked member, is told by DM through the outbox. Standings read penalties as stored, so a
 * penalty changes the table the moment it is committed.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { appendAudit } from "../../adapters/sqlite/repositories/audit-log.js"
import { deletePenalty, insertPenalty, readRounds } from "../../adapters/sqlite/repositories/championship-results.js"
import { readChampionship } from "../../adapters/sqlite/repositories/championships.js"
import { enqueueFollowUps } from "../../adapters/sqlite/repositories/outbox.js"
import { canTakeTimePenalty, type Penalty } from "../../domain/championships/penalties.js"
import type { RoundResults } from "../../domain/championships/results.js"
import { newId } from "../ids.js"
import { wakeFollowUps } from "../follow-ups.js"
import { type FollowUp } from "../../domain/follow-up-kinds.js"
import { refuse } from "../refusal.js"
import { writeTransaction } from "../transaction.js"

export const REASON_MAX = 300
export const MAX_SECONDS = 3600
export const MAX_POINTS = 1000

export interface PenaltyRequest {
  readonly kind: "time" | "points"
  readonly driverId: string
  /** Required for a time penalty; optional for points (a penalty for conduct outside a race). */
  readonly roundId: string | null
  /** Seconds, or points. */
  readonly amount: number
  readonly reason: string
}

export const describePenalty = (penalty: Pick<Penalty, "_tag"> & { readonly seconds?: number; readonly points?: number }): string =>
  penalty._tag === "TimePenalty" ? `${penalty.seconds}-second time penalty` : `${penalty.points}-point penalty`

const check = (request: PenaltyRequest, rounds: ReadonlyArray<RoundResults>) => {
  const reason = request.reason.trim()
  if (reason === "") throw refuse("Give the reason for the penalty: the driver reads it.")
  if (reason.length > REASON_MAX) throw refuse(`The reason is ${reason.length} characters; the limit is ${REASON_MAX}.`)
  const max = request.kind === "time" ? MAX_SECONDS : MAX_POINTS
  if (!Number.isFinite(request.amount) || request.amount <= 0 || request.amount > max) {
    throw refuse(request.kind === "time" ? `A time penalty is from 1 to ${MAX_SECONDS} seconds.` : `A points penalty is from 1 to ${MAX_POINTS} points.`)
  }
  const round = request.roundId === null ? undefined : rounds.find((r) => r.roundId === request.roundId)
  if (request.roundId !== null && round === undefined) throw refuse("That round has no stored results. Import or enter them first.")
  if (request.kind === "time" && round === undefined) throw refuse("A time penalty belongs to a race: pick the round.")
  const results = round === undefined ? rounds.flatMap((r) => r.results) : round.results
  const result = results.find((r) => r.driverId === request.driverId)
  if (result === undefined) throw refuse(round === undefined ? "That driver has no results in this championship." : `That driver has no result in ${round.label}.`)
  if (request.kind === "time" && !canTakeTimePenalty(result)) {
    throw refuse(`${result.name} has no time at the flag in ${round!.label} (a lapped or retired car), so a time penalty cannot move them. Give a points penalty instead.`)
  }
  return { reason, round, result }
}

export const addPenalty = Effect.fnUntraced(function* (guildId: string, stewardId: string, championshipId: string, request: PenaltyRequest) {
  const now = yield* Clock.currentTimeMillis
  const penalty = yield* writeTransaction("championships.penalty.add", async (trx) => {
    const championship = await readChampionship(trx, guildId, championshipId)
    if (championship === undefined) throw refuse("That championship no longer exists.")
    const { reason, round, result } = check(request, await readRounds(trx, guildId, championshipId))
    const audit = { id: newId(), driverId: request.driverId, reason, stewardId, at: now }
    const penalty: Penalty =
      request.kind === "time" ? { _tag: "TimePenalty", ...audit, roundId: request.roundId!, seconds: request.amount } : { _tag: "PointsPenalty", ...audit, roundId: request.roundId, points: request.amount }
    await insertPenalty(trx, guildId, championshipId, penalty)
    await appendAudit(trx, { guildId, actorId: stewardId, action: "championships.penalty.add", subject: result.memberId ?? request.driverId, details: { championshipId, ...penalty }, at: now })
    const notices: FollowUp[] =
      result.memberId === null
        ? []
        : [{ _tag: "PenaltyNotice", guildId, memberId: result.memberId, championship: championship.name, round: round?.label ?? null, penalty: describePenalty(penalty), reason, withdrawn: false }]
    await enqueueFollowUps(trx, notices, now)
    return { penalty, driver: result.name, memberId: result.memberId, round: round?.label ?? null }
  })
  yield* wakeFollowUps
  return penalty
})

export const removePenalty = Effect.fnUntraced(function* (guildId: string, stewardId: string, championshipId: string, penaltyId: string) {
  const now = yield* Clock.currentTimeMillis
  const removed = yield* writeTransaction("championships.penalty.remove", async (trx) => {
    const championship = await readChampionship(trx, guildId, championshipId)
    if (championship === undefined) throw refuse("That championship no longer exists.")
    const rounds = await readRounds(trx, guildId, championshipId)
    const penalty = await deletePenalty(trx, guildId, championshipId, penaltyId)
    if (penalty === undefined) throw refuse("That penalty is no longer there: another steward may have removed it.")
    const round = rounds.find((r) => r.roundId === penalty.roundId)
    const result = rounds.flatMap((r) => r.results).findLast((r) => r.driverId === penalty.driverId)
    await appendAudit(trx, { guildId, actorId: stewardId, action: "championships.penalty.remove", subject: result?.memberId ?? penalty.driverId, details: { championshipId, ...penalty }, at: now })
    if (result?.memberId != null) {
      await enqueueFollowUps(trx, [{ _tag: "PenaltyNotice", guildId, memberId: result.memberId, championship: championship.name, round: round?.label ?? null, penalty: describePenalty(penalty), reason: penalty.reason, withdrawn: true }], now)
    }
    return { penalty, driver: result?.name ?? penalty.driverId }
  })
  yield* wakeFollowUps
  return removed
})
