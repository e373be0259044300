import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { inGuild } from "../src/adapters/sqlite/database.js"
import { claimNumber, releaseNumber } from "../src/app/numbers/claim-use-cases.js"
import { saveClass } from "../src/app/numbers/setup.js"
import { appLayer } from "../test/support/app-without-discord.js"
import { percentile, type BenchRow } from "./table.js"
import { OPEN_CLASS } from "../test/support/open-class.js"

const actor = (userId: string) => ({ userId, roleIds: [], managesServer: false })

/**
 * Claims per second and claim latency through the use case (domain + claim machine + SQLite
 * transaction + audit log) on a real file. `members` claim concurrently, each its own number,
 * then release it, for `rounds` rounds: a busy claim night rather than one-off calls.
 *
 * `pools` > 1 (PostgreSQL only): that many runtimes in this one process, each with its own pool,
 * share the members as bot processes on one database would: the lock contention, not two event
 * loops. Calls run in the server's scope, as the router runs them.
 */
export const benchClaims = async (path: string, members: number, rounds: number, pools = 1): Promise<BenchRow> => {
  const runtimes = Array.from({ length: pools }, () => ManagedRuntime.make(appLayer(path)))
  const guildId = "900000000000000001"
  const inServer = inGuild(guildId)
  const runtimeOf = (index: number) => runtimes[index % pools]!
  await runtimes[0]!.runPromise(saveClass(guildId, "bench", OPEN_CLASS))
  await Promise.all(runtimes.map((runtime) => runtime.runPromise(Effect.void)))
  const latencies: number[] = []
  let refused = 0
  const started = performance.now()
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      Array.from({ length: members }, async (_, index) => {
        const who = actor(String(800000000000000000n + BigInt(index)))
        const number = String((index + round) % 1000)
        const t0 = performance.now()
        const runtime = runtimeOf(index)
        const outcome = await runtime.runPromise(Effect.either(inServer(claimNumber({ guildId, actor: who, number }))))
        latencies.push(performance.now() - t0)
        if (outcome._tag === "Left") refused++
        else await runtime.runPromise(inServer(releaseNumber({ guildId, actor: who, number })))
      }),
    )
  }
  const seconds = (performance.now() - started) / 1000
  await Promise.all(runtimes.map((runtime) => runtime.dispose()))
  const claims = members * rounds
  return {
    name: `claim, ${members} concurrent member${members === 1 ? "" : "s"}${pools > 1 ? `, ${pools} pools in one process` : ""}`,
    measures: {
      "claims/s": (claims / seconds).toFixed(0),
      p50: `${percentile(latencies, 50).toFixed(1)} ms`,
      p99: `${percentile(latencies, 99).toFixed(1)} ms`,
      notes: `${claims} claims${refused > 0 ? `, ${refused} refused` : ""}; each followed by a release`,
    },
  }
}
