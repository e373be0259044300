import { MessageFlags, type ButtonInteraction, type RepliableInteraction } from "discord.js"
import { Effect } from "effect"
import { memberAction, memberFacts, noticeFor, openRegistration, registerMember, type MemberAction } from "../../../app/race-night/member.js"
import type { EntryActionResult } from "../../../app/race-night/entries.js"
import type { AppServices } from "../handler-services.js"
import { button, modal, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { actorOf } from "../router.js"
import { noticeEventOf, noticeText } from "./race-notices-view.js"
import { readRegistrationForm, registrationModal } from "./registration-form-view.js"
import { checkOutId, registrationFormId } from "./race-ids.js"

/**
 * Acknowledged first: the change is stored quickly, but giving the driver role and telling a
 * promoted member go through Discord's rate limits before the member's own answer is written.
 */
const deferPrivately = (interaction: RepliableInteraction) => Effect.promise(() => interaction.deferReply({ flags: MessageFlags.Ephemeral }))

/** The member's own notice as their answer; the notifier has already told everyone else. */
const answerWithNotice = (interaction: RepliableInteraction, result: EntryActionResult) => {
  const notice = noticeFor(result.outcome, interaction.user.id)
  const content = notice === undefined ? "Done." : noticeText(notice, noticeEventOf(result.loaded.stored))
  return Effect.promise(() => interaction.editReply({ content, allowedMentions: { parse: [] } }))
}

/** Register opens the form for this event (or says why not, without counting an attempt). */
const openForm = (interaction: ButtonInteraction, eventId: string) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const { event, fields } = yield* openRegistration(guildId, eventId, interaction.user.id, actorOf(interaction).roleIds)
    const form = registrationModal(registrationFormId.encode({ event: eventId }), `Register: ${event.details.details.title}`, fields, event.details.vehicles)
    yield* Effect.promise(() => interaction.showModal(form))
  })

/** The card's Register, Withdraw, Check in and Check out, for the member who pressed them. */
export const memberCardAction = (interaction: ButtonInteraction, eventId: string, act: "register" | MemberAction) =>
  Effect.gen(function* () {
    if (act === "register") return yield* openForm(interaction, eventId)
    const guildId = yield* guildIdOf(interaction)
    yield* deferPrivately(interaction)
    const result = yield* dieOnDatabase(memberAction(guildId, eventId, interaction.user.id, act))
    yield* answerWithNotice(interaction, result)
  })

const submitRegistration = modal(registrationFormId, "member", (interaction, { event }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    yield* deferPrivately(interaction)
    const member = yield* memberFacts(guildId, interaction.user.id, actorOf(interaction).roleIds)
    const result = yield* dieOnDatabase(registerMember(guildId, event, member, readRegistrationForm(interaction.fields)))
    yield* answerWithNotice(interaction, result)
  }),
)

const checkOut = button(checkOutId, "member", (interaction, { event }) => memberCardAction(interaction, event, "checkout"))

export const raceMemberComponents: ReadonlyArray<ComponentRoute<AppServices>> = [submitRegistration, checkOut]
