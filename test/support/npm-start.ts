import { spawnSync } from "node:child_process"
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
