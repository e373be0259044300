import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import type { FakeDiscord, InteractionHandle, SeedUser } from "../e2e/fake-discord/index.js"

export const ROOT = resolve(import.meta.dirname, "../..")

/**
 * What package.json's `start` script runs, as a program and arguments to spawn directly: npm's own
 * process (and the banner it adds when a script fails) is not the bot's, so tests and the bench
 * leave it out, but they follow the script rather than a copy of it.
 */
export const npmStartCommand = (): { command: string; args: string[] } => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
  const [program, ...args] = (scripts.start ?? "").trim().split(/\s+/)
  if (program !== "node") throw new Error(`npm start runs "${scripts.start}", not node <file>: teach npmStartCommand about it`)
  return { command: process.execPath, args: args.map((arg) => (arg.startsWith("-") ? arg : resolve(ROOT, arg))) }
}

/**
 * Starts the bot as its own process against the fake Discord, as `npm start` runs it (or as
 * `program` says, for the bench's comparison): the fake's token, ids and REST address and the
 * database in the environment, with PATH and `env`, and nothing else of the caller's. stderr is
 * piped (the bot logs there); stdout piped or ignored.
 */
export const spawnBotOnFake = (options: {
  readonly fake: FakeDiscord
  readonly cwd: string
  readonly databasePath: string
  readonly env?: Record<string, string>
  readonly program?: { readonly command: string; readonly args: ReadonlyArray<string> }
  readonly stdout?: "pipe" | "ignore"
}): ChildProcess => {
  const { fake } = options
  const { command, args } = options.program ?? npmStartCommand()
  return spawn(command, [...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? "",
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_URL: fake.restApi,
      DATABASE_PATH: options.databasePath,
      ...options.env,
    },
    stdio: ["ignore", options.stdout ?? "pipe", "pipe"],
  })
}

/** Compiles src/ into dist/ with the build script `npm start` runs first (incremental: quick when nothing changed). */
export const buildForNpmStart = (): void => {
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" })
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`)
}

/**
 * Sends /help every half second until one is answered and returns Date.now() of the earliest
 * answer. The bot registers its commands (and logs so) just before it starts listening, so a /help
 * sent in between goes unanswered; before registration there is nothing to send.
 */
export const firstHelpAnswered = async (fake: FakeDiscord, member: SeedUser, giveUpAfterMs = 60_000): Promise<number> => {
  const giveUpAt = Date.now() + giveUpAfterMs
  const sent: InteractionHandle[] = []
  let lastSentAt = 0
  while (Date.now() < giveUpAt) {
    const answers = sent.flatMap((handle) => handle.acknowledged()?.at ?? [])
    if (answers.length > 0) return Math.min(...answers)
    if (fake.commands(fake.guildId).length > 0 && Date.now() - lastSentAt >= 500) {
      sent.push(fake.slash({ user: member, command: "help" }))
      lastSentAt = Date.now()
    }
    await sleep(10)
  }
  throw new Error(`the bot answered no /help within ${giveUpAfterMs / 1000} s`)
}
