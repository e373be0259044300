import type { ChatInputCommandInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { resultsComponents, resultsSubcommands } from "../../../../../src/adapters/discord/championships/results-commands.js"
import { NO_EVENT, penaltyRemoveId, RESULTS_FIELDS, resultsFormId } from "../../../../../src/adapters/discord/championships/results-ids.js"
import type { Reply } from "../../../../../src/adapters/discord/reply.js"
import { driverChoices } from "../../../../../src/app/championships/choices.js"
import { championshipTable } from "../../../../../src/app/championships/standings-use-cases.js"
import { addChampionship } from "../../../../support/championship-runtime.js"
import { choose, GUILD, slash, submit, useHandlers, replyText } from "../../../../support/discord-handlers.js"

const ADMIN = "100000000000000001"
const STEWARD = "100000000000000003"
const MEMBER = "100000000000000002"
const CUP = "c1"

const command = (name: string) => resultsSubcommands.find((sub) => sub.name === name)!.run as (i: ChatInputCommandInteraction) => Effect.Effect<Reply<any>, any, any>
const component = (route: string) => resultsComponents.find((r) => r.id.route === route)!.handle as (i: never, v: unknown) => Effect.Effect<Reply<any>, any, any>
const contentOf = (reply: Reply<never>) => (reply._tag === "Say" || reply._tag === "Update" ? reply.payload.content : undefined)

const RACE = ["Pos,Driver,Class,Laps", "1,Ann,GT3,20", `2,<@${MEMBER}>,GT3,20`, "3,Cy,GT3,19"].join("\n")

describe("/championship results, points, penalties and standings answer as data", () => {
  const { read, answerOf, refusalOf } = useHandlers()
  const seed = () => read(addChampionship(CUP, "GT3 Cup"))
  const submitResults = (results: string) =>
    component(resultsFormId.route)(submit(ADMIN, { [RESULTS_FIELDS.label]: " Round 1 at Spa ", [RESULTS_FIELDS.results]: results }) as never, { championship: CUP, event: NO_EVENT })
  const enter = () => answerOf(submitResults(RACE))
  const driverId = async (name: string) => (await read(driverChoices(GUILD, CUP, name)))[0]!.value

  it("GIVEN /championship results without a file THEN the results form opens for this championship and no event; submitted, the admin privately reads how many were stored", async () => {
    await seed()
    const opened = await answerOf(command("results")(slash(ADMIN, { championship: "GT3 Cup" })))
    expect(opened._tag).toBe("Form")
    expect(opened._tag === "Form" && opened.modal.toJSON().custom_id).toBe(resultsFormId.encode({ championship: CUP, event: NO_EVENT }))
    const stored = await enter()
    expect(stored).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(contentOf(stored)).toBe("Stored 3 results for **Round 1 at Spa**; the standings are posted to the announcement channel.")
  })

  it("GIVEN /championship results THEN an event that is not a round, a file too large, an unknown championship and results that do not parse are refused", async () => {
    await seed()
    expect(contentOf(await answerOf(command("results")(slash(ADMIN, { championship: "GT3 Cup", event: "not-a-round" }))))).toBe("That event is not a round of this championship. Pick one from the list as you type.")
    const big = await answerOf(command("results")(slash(ADMIN, { championship: "GT3 Cup", file: { name: "round.csv", size: 300 * 1024, url: "http://127.0.0.1:9/round.csv" } })))
    expect(big).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(contentOf(big)).toBe("That file is 300 KB; results fit in 256 KB. Upload the CSV alone.")
    expect(await refusalOf(command("results")(slash(ADMIN, { championship: "No Such Cup" })))).toMatch(/championship/i)
    expect(await refusalOf(submitResults("Pos,Driver\nfirst,Ann"))).toBe("Line 2: the position “first” is not a whole number from 1.")
  })

  it("GIVEN /championship points with a preset and a drop THEN the admin privately reads the new system; points that are not numbers are refused", async () => {
    await seed()
    const saved = await answerOf(command("points")(slash(ADMIN, { championship: "GT3 Cup", preset: "f1", drop_worst: 1 })))
    expect(saved).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(contentOf(saved)).toMatch(/^Points system of \*\*GT3 Cup\*\*:\n/)
    expect(contentOf(saved)).toContain("25")
    expect(await refusalOf(command("points")(slash(ADMIN, { championship: "GT3 Cup", points: "lots, some" })))).toBe("“lots” is not a number of points. Type numbers separated by commas, like 25, 18, 15.")
  })

  it("GIVEN stored results WHEN a steward gives a points penalty THEN they read who was penalised and that a linked member is told; the list shows it with a withdraw menu for stewards only, and withdrawing redraws it in place", async () => {
    await seed()
    await enter()
    const member = await driverId(MEMBER)
    const given = await answerOf(command("penalty")(slash(STEWARD, { championship: "GT3 Cup", driver: member, kind: "points", amount: 3, reason: "Unsafe rejoin" })))
    expect(given).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(contentOf(given)).toMatch(new RegExp(`a 3-point penalty\\. <@${MEMBER}> is told by DM\\. The standings show it now\\.$`))
    const forMember = await answerOf(command("penalties")(slash(MEMBER, { championship: "GT3 Cup" })))
    expect(forMember).toMatchObject({ _tag: "Say", visibility: "private" })
    expect(replyText(forMember)).toContain("Unsafe rejoin")
    expect(forMember._tag === "Say" && forMember.payload.components).toEqual([])
    const forSteward = await answerOf(command("penalties")(slash(STEWARD, { championship: "GT3 Cup" }, { managesServer: true })))
    expect(forSteward._tag === "Say" && forSteward.payload.components).toHaveLength(1)
    const penaltyId = (await read(championshipTable(GUILD, CUP))).penalties[0]!.id
    const withdrawn = await answerOf(component(penaltyRemoveId.route)(choose(STEWARD, [penaltyId]) as never, { championship: CUP }))
    expect(withdrawn._tag).toBe("Update")
    expect(contentOf(withdrawn)).toMatch(/^Withdrew .*'s penalty; they are told\.$/)
    expect(replyText(withdrawn)).toContain("No penalties.")
  })

  it("GIVEN a penalty THEN a driver not in the championship, a time penalty without a round and withdrawing one already gone are refused", async () => {
    await seed()
    await enter()
    const ann = await driverId("Ann")
    expect(await refusalOf(command("penalty")(slash(STEWARD, { championship: "GT3 Cup", driver: "nobody", kind: "points", amount: 3, reason: "x" })))).toBe("That driver has no results in this championship.")
    expect(await refusalOf(command("penalty")(slash(STEWARD, { championship: "GT3 Cup", driver: ann, kind: "time", amount: 5, reason: "Track limits" })))).toMatch(/round/i)
    expect(await refusalOf(component(penaltyRemoveId.route)(choose(STEWARD, ["gone"]) as never, { championship: CUP }))).toBe("That penalty is no longer there: another steward may have removed it.")
  })

  it("GIVEN /championship standings export:csv THEN the file comes privately; without export the table is answered later for the channel", async () => {
    await seed()
    await enter()
    const csv = await answerOf(command("standings")(slash(MEMBER, { championship: "GT3 Cup", export: "csv" })))
    expect(csv).toMatchObject({ _tag: "Say", visibility: "private", payload: { content: "Standings of **GT3 Cup**" } })
    expect(csv._tag === "Say" && csv.payload.files).toHaveLength(1)
    const table = await answerOf(command("standings")(slash(MEMBER, { championship: "GT3 Cup" })))
    expect(table).toMatchObject({ _tag: "Later", holding: "public" })
  })

  it("GIVEN iRacing is off THEN /championship import and crosscheck answer later with the refusal /sync gives, and import with only one of its ids is refused at once", async () => {
    await seed()
    const halfIds = await answerOf(command("import")(slash(ADMIN, { championship: "GT3 Cup", league_id: 13561 })))
    expect(contentOf(halfIds)).toBe("Give both the league id and the season id, or neither to use the ones already set.")
    expect(await refusalOf(command("import")(slash(ADMIN, { championship: "GT3 Cup" })))).toMatch(/iRacing/)
    expect(await refusalOf(command("crosscheck")(slash(ADMIN, { championship: "GT3 Cup" })))).toMatch(/iRacing/)
  })
})
