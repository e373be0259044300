import { describe, expect, it } from "vitest"
import { IracingDisabled } from "../../../../../src/adapters/iracing/index.js"
import { syncCommand, syncStatusCommand } from "../../../../../src/adapters/discord/iracing/sync-commands.js"
import { slash, useHandlers } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"

describe("/sync and /syncstatus answer as data", () => {
  const { run, answerOf } = useHandlers()

  it("GIVEN iRacing is off WHEN an admin runs /sync THEN it is refused at once, naming what turns it on, before anything is held", async () => {
    const exit = await run(syncCommand.paths[0]!.run(slash(ADMIN)))
    expect(exit._tag === "Failure" && exit.cause._tag === "Fail" ? exit.cause.error : exit).toMatchObject({ _tag: "Refusal", message: new IracingDisabled().message })
  })

  it("GIVEN no sync ever ran THEN /syncstatus is a private embed that pings nobody", async () => {
    const status = await answerOf(syncStatusCommand.paths[0]!.run(slash(ADMIN)))
    expect(status).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    expect(status._tag === "Say" && status.payload.embeds).toHaveLength(1)
  })
})
