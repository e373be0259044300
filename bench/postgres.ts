import pg from "pg"
import { startPrivateCluster, type PrivateCluster } from "../test/support/postgres-cluster.js"
import { benchClaims } from "./numbers.js"
import { benchRegistrationBurst } from "./race-night-burst.js"
import type { BenchRow } from "./table.js"

/**
 * The same claims and registration bursts on PostgreSQL as on SQLite, on this machine, and the
 * ratio. PITBOARD_BENCH_POSTGRES_URL names a server (a role that may CREATE DATABASE); otherwise a
 * private one is started from the local binaries (durability off, like the tests': the ratio is
 * the round trips, not the disk). Without either, one row says it was skipped.
 */
const server = async (): Promise<{ url: string; cluster?: PrivateCluster } | string> => {
  const given = process.env.PITBOARD_BENCH_POSTGRES_URL
  if (given !== undefined && given !== "") return { url: given }
  try {
    const cluster = await startPrivateCluster()
    return { url: cluster.url, cluster }
  } catch (error) {
    return String((error as Error).message ?? error).split(". ")[0]!
  }
}

const ratio = (postgres: BenchRow, sqlite: BenchRow, measure: string): string =>
  (Number(postgres.measures[measure]) / Number(sqlite.measures[measure])).toFixed(2)

const onPostgres = (row: BenchRow): BenchRow => ({ ...row, name: `${row.name} — PostgreSQL` })

/**
 * The same claims and registration bursts with the members split over two pools (two runtimes
 * in this one process) on one PostgreSQL database: the lock contention several bot processes on
 * one server meet, since a server's transactions take turns on its advisory lock whichever
 * process runs them. Two real processes would also have two event loops; this does not measure that.
 */
export const benchTwoPools = async (freshPostgres: () => Promise<string>, claimsSqlite: BenchRow, burstSqlite: BenchRow): Promise<BenchRow[]> => {
  const claims = onPostgres(await benchClaims(await freshPostgres(), 200, 5, 2))
  const burst = onPostgres(await benchRegistrationBurst(await freshPostgres(), 20, 25, 2))
  return [
    claims,
    burst,
    {
      name: "PostgreSQL, 2 pools ÷ SQLite, 1",
      measures: {
        "claims/s": ratio(claims, claimsSqlite, "claims/s"),
        "ops/s": ratio(burst, burstSqlite, "ops/s"),
        notes: "one server's members split over two pools; the server's lock makes them take turns across both",
      },
    },
  ]
}

export const benchPostgres = async (freshSqlite: () => string): Promise<BenchRow[]> => {
  const found = await server()
  if (typeof found === "string") return [{ name: "PostgreSQL ÷ SQLite", measures: { notes: `skipped: no PostgreSQL (${found})` } }]
  let databases = 0
  const freshPostgres = async (): Promise<string> => {
    const name = `pitboard_bench_${process.pid}_${databases++}`
    const admin = new pg.Client({ connectionString: found.url })
    await admin.connect()
    try {
      await admin.query(`drop database if exists "${name}"`)
      await admin.query(`create database "${name}"`)
    } finally {
      await admin.end()
    }
    const url = new URL(found.url)
    url.pathname = `/${name}`
    return url.toString()
  }
  try {
    const claimsSqlite = await benchClaims(freshSqlite(), 200, 5)
    const claimsPostgres = onPostgres(await benchClaims(await freshPostgres(), 200, 5))
    const burstSqlite = await benchRegistrationBurst(freshSqlite())
    const burstPostgres = onPostgres(await benchRegistrationBurst(await freshPostgres()))
    const several = await benchTwoPools(freshPostgres, claimsSqlite, burstSqlite)
    return [
      claimsSqlite,
      claimsPostgres,
      burstSqlite,
      burstPostgres,
      {
        name: "PostgreSQL ÷ SQLite",
        measures: {
          "claims/s": ratio(claimsPostgres, claimsSqlite, "claims/s"),
          "ops/s": ratio(burstPostgres, burstSqlite, "ops/s"),
          notes: `same machine, same run; PostgreSQL over loopback TCP, one server's transactions one at a time (its advisory lock)${found.cluster === undefined ? "" : " (a private server, fsync off)"}`,
        },
      },
      ...several,
    ]
  } finally {
    found.cluster?.stop()
  }
}
