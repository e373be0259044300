import { describe, expect, it } from "vitest"
import { auditlogCommand } from "../../../../../src/adapters/discord/audit-log/auditlog-command.js"
import { claimSubcommands } from "../../../../../src/adapters/discord/numbers/claim-commands.js"
import { slash, useHandlers } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"
const ALICE = "100000000000000002"
const BOB = "100000000000000003"

const auditlog = auditlogCommand.paths[0]!.run
const claim = claimSubcommands.find((sub) => sub.name === "claim")!.run

describe("/auditlog answers as data", () => {
  const { run, answerOf } = useHandlers()

  it("GIVEN two claims WHEN an admin filters the log by one number THEN the private answer shows that claim and not the other, pinging nobody", async () => {
    await answerOf(claim(slash(ALICE, { number: "07" })))
    await answerOf(claim(slash(BOB, { number: "42" })))
    const log = await answerOf(auditlog(slash(ADMIN, { number: "07" })))
    expect(log).toMatchObject({ _tag: "Say", visibility: "private", payload: { allowedMentions: { parse: [] } } })
    const shown = JSON.stringify(log)
    expect(shown).toContain("#07")
    expect(shown).not.toContain("#42")
    expect(JSON.stringify(await answerOf(auditlog(slash(ADMIN))))).toContain("#42")
  })

  it("GIVEN a number filter that is not a car number THEN it is refused with the reason", async () => {
    const exit = await run(auditlog(slash(ADMIN, { number: "7a" })))
    expect(exit._tag === "Failure" && exit.cause._tag === "Fail" ? exit.cause.error : exit).toMatchObject({ _tag: "Refusal" })
  })
})
