/**
 * A private PostgreSQL server in a temporary folder, made with the machine's own binaries, for the
 * tests' PostgreSQL run (postgres-server.ts) and `npm run bench`. It listens on loopback and on a
 * Unix socket in that folder only, has durability switched off (a test cluster that dies is thrown
 * away anyway), and is removed when stopped.
 */
import { execFileSync } from "node:child_process"
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir, userInfo } from "node:os"
import { join } from "node:path"

export const INSTALL = "Install PostgreSQL's server (on Debian or Ubuntu: apt-get install postgresql), or set PITBOARD_TEST_POSTGRES_URL=postgres://user:password@host:port/postgres to use a server you have."

/** The newest PostgreSQL's bin folder: on PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
export const findPostgresBinaries = (): string | undefined => {
  const onPath = (process.env.PATH ?? "").split(":").find((dir) => dir !== "" && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")))
  if (onPath !== undefined) return onPath
  const debian = "/usr/lib/postgresql"
  if (!existsSync(debian)) return undefined
  const versions = readdirSync(debian).filter((version) => existsSync(join(debian, version, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(debian, versions[0], "bin")
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

export interface PrivateCluster {
  readonly url: string
  stop(): void
}

/**
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` user that
 * Debian's package creates (runuser switches to it).
 */
export const startPrivateCluster = async (): Promise<PrivateCluster> => {
  const bin = findPostgresBinaries()
  if (bin === undefined) throw new Error(`The PostgreSQL test run found no PostgreSQL server binaries (initdb, pg_ctl). ${INSTALL}`)
  const asRoot = userInfo().uid === 0
  const folder = mkdtempSync(join(tmpdir(), "pitboard-postgres-"))
  if (asRoot) {
    const idOf = (flag: "-u" | "-g") => {
      try {
        return Number(execFileSync("id", [flag, "postgres"], { stdio: "pipe" }).toString().trim())
      } catch {
        throw new Error(`The PostgreSQL test run is running as root, and initdb refuses root; no "postgres" user exists to run the server as. ${INSTALL}`)
      }
    }
    const [uid, gid] = [idOf("-u"), idOf("-g")]
    chownSync(folder, uid, gid)
  }
  chmodSync(folder, 0o700)
  const run = (tool: string, args: string[]) =>
    asRoot ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, tool), ...args], { stdio: "pipe" }) : execFileSync(join(bin, tool), args, { stdio: "pipe" })
  const data = join(folder, "data")
  const port = await freePort()
  try {
    run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
    const settings = ["-k", folder, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"]
    run("pg_ctl", ["-D", data, "-l", join(folder, "server.log"), "-o", settings.join(" "), "-w", "-t", "60", "start"])
  } catch (error) {
    rmSync(folder, { recursive: true, force: true })
    const output = String((error as { stderr?: unknown }).stderr ?? "")
    throw new Error(`The PostgreSQL test run could not start a private server with ${bin}: ${output || String(error)}`)
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
      } finally {
        rmSync(folder, { recursive: true, force: true })
      }
    },
  }
}

