import * as Effect from "effect/Effect"
import { EVENTS_PAGE_SIZE, upcomingEvents } from "../../../app/events/event-use-cases.js"
import { discardDraft, listDrafts, resumeDraft } from "../../../app/events/wizard-drafts.js"
import type { AppServices } from "../handler-services.js"
import { admin, button, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { sayQuietly, update } from "../reply.js"
import { clampPage, pageCountOf } from "../pager.js"
import { draftsPayload, eventListPayload } from "./event-list-view.js"
import type { Subcommand } from "../subcommands.js"
import { draftDiscardId, draftResumeId, eventListPageId } from "./event-ids.js"
import { showPanel } from "./wizard-input-routes.js"

const listPage = (guildId: string, page: number) =>
  Effect.gen(function* () {
    const first = yield* upcomingEvents(guildId, page)
    const clamped = clampPage(page, pageCountOf(first.total, EVENTS_PAGE_SIZE))
    const shown = clamped === page ? first : yield* upcomingEvents(guildId, clamped)
    return eventListPayload(shown.events, shown.total, clamped, EVENTS_PAGE_SIZE)
  })

export const listSubcommand: Subcommand<AppServices> = {
  name: "list",
  description: "Upcoming events, soonest first",
  usage: "/event list",
  access: "member",
  run: (interaction) =>
    Effect.gen(function* () {
      return sayQuietly(yield* listPage(yield* guildIdOf(interaction), 0))
    }),
}

const turnListPage = button(eventListPageId, "member", (interaction, { page }) =>
  Effect.gen(function* () {
    return update(yield* listPage(yield* guildIdOf(interaction), page))
  }),
)

export const draftsSubcommand: Subcommand<AppServices> = {
  name: "drafts",
  description: "Your unfinished event drafts: resume or discard them",
  usage: "/event drafts",
  access: admin("events"),
  run: (interaction) =>
    Effect.gen(function* () {
      const drafts = yield* dieOnDatabase(listDrafts(yield* guildIdOf(interaction), interaction.user.id))
      return sayQuietly(draftsPayload(drafts))
    }),
}

/** Resume turns the drafts list into that draft's wizard panel, at the step where it was left. */
const resume = button(draftResumeId, admin("events"), (interaction, { draft }) =>
  Effect.gen(function* () {
    const panel = yield* dieOnDatabase(resumeDraft(yield* guildIdOf(interaction), interaction.user.id, draft))
    return yield* showPanel(panel, { kind: "done", text: "Resumed your draft where you left it." })
  }),
)

const discard = button(draftDiscardId, admin("events"), (interaction, { draft }) =>
  Effect.gen(function* () {
    const { discarded, remaining } = yield* dieOnDatabase(discardDraft(yield* guildIdOf(interaction), interaction.user.id, draft))
    const what = discarded.editingEventId === null ? "" : " (the published event is unchanged)"
    return update(draftsPayload(remaining, `Discarded “${discarded.title ?? "untitled draft"}”${what}.`))
  }),
)

export const listComponents: ReadonlyArray<ComponentRoute<AppServices>> = [turnListPage, resume, discard]
