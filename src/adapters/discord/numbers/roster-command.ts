import * as Effect from "effect/Effect"
import { numbersOverview, pickClass } from "../../../app/numbers/queries.js"
import type { AppServices } from "../handler-services.js"
import { button, guildIdOf, select, type ComponentRoute } from "../command.js"
import { say, update } from "../reply.js"
import type { Subcommand } from "../subcommands.js"
import { rosterPayload } from "./roster-view.js"
import { classChoices, classOption, suggestFor } from "./number-autocomplete.js"
import { ALL_CLASSES, rosterClassId, rosterPageId } from "./numbers-ids.js"


const roster: Subcommand<AppServices> = {
  name: "roster",
  description: "Every held number, page by page",
  usage: "/number roster [class]",
  access: "member",
  options: (b) => b.addStringOption(classOption),
  run: (interaction) =>
    Effect.gen(function* () {
      const guildId = yield* guildIdOf(interaction)
      const view = yield* numbersOverview(guildId)
      const named = interaction.options.getString("class")
      const classId = named === null || named.trim() === "" ? ALL_CLASSES : (yield* pickClass(view.classes, named)).id
      return say({ ...rosterPayload(view, { page: 0, classId }), allowedMentions: { parse: [] } })
    }),
  autocomplete: suggestFor({ class: classChoices }),
}

// Each press re-reads the roster, so a page always shows what is held now; a page that no longer exists is clamped.
const turnPage = button(rosterPageId, "member", (interaction, { page, cls }) =>
  Effect.gen(function* () {
    const view = yield* numbersOverview(yield* guildIdOf(interaction))
    return update(rosterPayload(view, { page, classId: cls }))
  }),
)

const filterClass = select(rosterClassId, "member", (interaction) =>
  Effect.gen(function* () {
    const view = yield* numbersOverview(yield* guildIdOf(interaction))
    return update(rosterPayload(view, { page: 0, classId: interaction.values[0] ?? ALL_CLASSES }))
  }),
)

export const rosterSubcommands: ReadonlyArray<Subcommand<AppServices>> = [roster]
export const rosterComponents: ReadonlyArray<ComponentRoute<AppServices>> = [turnPage, filterClass]
