import type { ButtonInteraction, RepliableInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { memberAction, memberFacts, noticeFor, openRegistration, registerMember, type MemberAction } from "../../../app/race-night/member.js"
import type { EntryActionResult } from "../../../app/race-night/entries.js"
import type { AppServices } from "../handler-services.js"
import { button, modal, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { actorOf } from "../router.js"
import { noticeEventOf, noticeText } from "./race-notices-view.js"
import { readRegistrationForm, registrationModal } from "./registration-form-view.js"
import { checkOutId, registrationFormId } from "./race-ids.js"
import { form, later, sayQuietly } from "../reply.js"

/** The member's own notice as their answer; the notifier has already told everyone else. */
const answerWithNotice = (interaction: RepliableInteraction, result: EntryActionResult) => {
  const notice = noticeFor(result.outcome, interaction.user.id)
  return sayQuietly(notice === undefined ? "Done." : noticeText(notice, noticeEventOf(result.loaded.stored)))
}

/** Register opens the form for this event (or says why not, without counting an attempt). */
const openForm = (interaction: ButtonInteraction, eventId: string) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const { event, fields } = yield* openRegistration(guildId, eventId, interaction.user.id, actorOf(interaction).roleIds)
    return form(registrationModal(registrationFormId.encode({ event: eventId }), `Register: ${event.details.details.title}`, fields, event.details.vehicles))
  })

/**
 * The card's Register, Withdraw, Check in and Check out, for the member who pressed them. Answered
 * later: the change is stored quickly, but giving the driver role and telling a promoted member
 * go through Discord's rate limits before the member's own answer is written.
 */
export const memberCardAction = (interaction: ButtonInteraction, eventId: string, act: "register" | MemberAction) =>
  Effect.gen(function* () {
    if (act === "register") return yield* openForm(interaction, eventId)
    const guildId = yield* guildIdOf(interaction)
    return later(
      "private",
      Effect.map(dieOnDatabase(memberAction(guildId, eventId, interaction.user.id, act)), (result) => answerWithNotice(interaction, result)),
    )
  })

const submitRegistration = modal(registrationFormId, "member", (interaction, { event }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    return later(
      "private",
      Effect.gen(function* () {
        const member = yield* memberFacts(guildId, interaction.user.id, actorOf(interaction).roleIds)
        const result = yield* dieOnDatabase(registerMember(guildId, event, member, readRegistrationForm(interaction.fields)))
        return answerWithNotice(interaction, result)
      }),
    )
  }),
)

const checkOut = button(checkOutId, "member", (interaction, { event }) => memberCardAction(interaction, event, "checkout"))

export const raceMemberComponents: ReadonlyArray<ComponentRoute<AppServices>> = [submitRegistration, checkOut]
