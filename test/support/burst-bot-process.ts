/**
 * A bot in a process of its own, logged in to a fake Discord in this process: Discord is another
 * machine in real life, so the fake's work must not land on the bot's thread. Used by the claim
 * burst bench and by the 1,000-member burst test.
 */
import { fork, type ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"
import { startFakeDiscord, type FakeDiscord, type SeedUser } from "../e2e/fake-discord/index.js"
import type { BurstBotRequest, BurstBotSpec } from "./burst-bot.js"

export type { BurstBotSpec } from "./burst-bot.js"

export interface BurstBot {
  readonly kind: BurstBotSpec["kind"]
  readonly fake: FakeDiscord
  readonly members: ReadonlyArray<SeedUser>
  /** Warnings and errors the bot logged (Pitboard logs at Info, one line per interaction, as `npm start` does). */
  readonly warningLines: () => number
  readonly logTail: () => string
  readonly request: (request: BurstBotRequest) => Promise<void>
  /** CPU time (µs) the bot's process has used so far. */
  readonly cpuMicros: () => Promise<number>
}

interface BotMessage {
  readonly type: string
  readonly of?: string
  readonly cpuMicros?: number
}

const nextMessage = (child: ChildProcess, type: string, output: () => string) =>
  new Promise<BotMessage>((resolve, reject) => {
    const onMessage = (message: BotMessage) => {
      if (message.type === type || message.of === type) {
        child.off("exit", onExit)
        child.off("message", onMessage)
        resolve(message)
      }
    }
    const onExit = (code: number | null) => reject(new Error(`the bench bot exited (${code}) before "${type}":\n${output()}`))
    child.on("message", onMessage)
    child.once("exit", onExit)
  })

/** A fake Discord in this process, its members, and a bot in a child process logged in to it. */
export const launch = async (kind: BurstBotSpec["kind"], members: number, databasePath: string): Promise<BurstBot> => {
  const fake = await startFakeDiscord()
  const seeded = Array.from({ length: members }, (_, i) => fake.addMember(fake.guildId, { username: `racer${i}` }))
  const spec: BurstBotSpec = {
    kind,
    fake: { token: fake.token, applicationId: fake.applicationId, guildId: fake.guildId, restApi: fake.restApi },
    databasePath,
    adminId: fake.owner.id,
  }
  const child = fork(fileURLToPath(new URL("./burst-bot.ts", import.meta.url)), [JSON.stringify(spec)], {
    // The V8 flag `npm start` runs the bot with: a smaller young generation, shorter pauses.
    execArgv: ["--max-semi-space-size=4", "--import", "tsx"],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  })
  let warningCount = 0
  const tail: string[] = []
  const errors: string[] = []
  // A chunk may end mid-line (a burst logs a line per member): the rest waits for the next chunk.
  let partial = ""
  const collect = (chunk: Buffer) => {
    const lines = (partial + String(chunk)).split("\n")
    partial = lines.pop() ?? ""
    for (const line of lines.filter((text) => text.trim() !== "")) {
      if (/level=(WARN|ERROR|FATAL)/.test(line)) warningCount++
      tail.push(line.slice(0, 2000))
      if (tail.length > 10) tail.shift()
      if (/level=(ERROR|FATAL)/.test(line) && errors.length < 3) errors.push(line.slice(0, 4000))
    }
  }
  child.stdout!.on("data", collect)
  child.stderr!.on("data", collect)
  const output = () => [...errors, "…", ...tail].join("\n")
  await nextMessage(child, "ready", output)
  await fake.ready()
  return {
    kind,
    fake,
    members: seeded,
    warningLines: () => warningCount,
    logTail: output,
    request: async (request) => {
      const done = nextMessage(child, request.type, output)
      child.send(request)
      await done
      if (request.type === "stop") await fake.close()
    },
    cpuMicros: async () => {
      const answer = nextMessage(child, "cpu", output)
      child.send({ type: "cpu" } satisfies BurstBotRequest)
      return (await answer).cpuMicros ?? Number.NaN
    },
  }
}


/** A fake Discord in this process, its members, and a bot in a child process logged in to it. */
