import { channelMention, roleMention } from "discord.js"
import * as Effect from "effect/Effect"
import { readSettings, updateSettings } from "../../../app/numbers/setup.js"
import { grantModule, listModuleGrants, revokeModule, type GrantRequest } from "../../../app/module-access.js"
import type { AppServices } from "../handler-services.js"
import { checkBotCanPost, TO_POST } from "../channel-access.js"
import { admin, button, modal, select, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { form } from "../reply.js"
import { refuse } from "../../../app/refusal.js"
import { numbersGrants } from "../numbers/admin-format.js"
import { leagueModal } from "./setup-panel-view.js"
import { withSyncIntervalField } from "../iracing/sync-setup-view.js"
import { LEAGUE_FIELD, setupAdminRoleId, setupChannelId, setupLeagueFormId, setupLeagueId } from "./setup-ids.js"
import { showPanel } from "./setup-state.js"
import { syncIntervalFrom, syncIntervalNote } from "../iracing/sync-setup-form.js"

/**
 * The numbers admin role is a module grant, the same thing /permissions grants: the menu shows the
 * roles that hold it, and picking or unpicking roles grants or revokes it.
 */
const adminRole = select(setupAdminRoleId, "manage-server", (interaction) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    if (!interaction.isRoleSelectMenu()) return yield* refuse("Pick roles from the role menu.")
    const picked = interaction.values
    if (picked.includes(guildId)) return yield* refuse("@everyone can't be the numbers admin role; that would make every member an admin. Pick a role.")
    const managed = picked.filter((id) => interaction.roles.get(id)?.managed === true)
    if (managed.length > 0) return yield* refuse(`${managed.map(roleMention).join(", ")} belongs to a bot or integration; pick a role members can be given.`)
    // Only the grants decide what changes; the panel is read once, after, by showPanel.
    const grants = yield* listModuleGrants(guildId).pipe(Effect.orDie)
    const current = numbersGrants(grants).filter((grant) => grant.subjectType === "role").map((grant) => grant.subjectId)
    const request = (subjectId: string): GrantRequest => ({ guildId, actorId: interaction.user.id, module: "numbers", subjectType: "role", subjectId })
    const added = picked.filter((id) => !current.includes(id))
    const removed = current.filter((id) => !picked.includes(id))
    yield* Effect.forEach(added, (id) => grantModule(request(id)), { discard: true }).pipe(Effect.orDie)
    yield* Effect.forEach(removed, (id) => revokeModule(request(id)), { discard: true }).pipe(Effect.orDie)
    const change = [
      added.length === 0 ? null : `${added.map(roleMention).join(", ")} can now run numbers admin actions`,
      removed.length === 0 ? null : `${removed.map(roleMention).join(", ")} no longer can`,
    ].filter((part): part is string => part !== null)
    return yield* showPanel(interaction, change.length === 0 ? "numbers admin roles unchanged." : `${change.join("; ")}.`)
  }),
)

const announcementChannel = select(setupChannelId, admin("numbers"), (interaction) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    if (!interaction.isChannelSelectMenu()) return yield* refuse("Pick a channel from the channel menu.")
    const channelId = interaction.values[0]
    if (channelId === undefined) return yield* refuse("Pick a channel.")
    yield* checkBotCanPost(interaction, channelId, TO_POST, "announcements")
    yield* dieOnDatabase(updateSettings(guildId, interaction.user.id, { announcementChannelId: channelId }))
    return yield* showPanel(interaction, `claims, releases and revocations are now announced in ${channelMention(channelId)}.`)
  }),
)

/** The form is prefilled from the settings alone: it must be the first answer within Discord's 3 s. */
const openLeague = button(setupLeagueId, admin("numbers"), (interaction) =>
  Effect.gen(function* () {
    const settings = yield* readSettings(yield* guildIdOf(interaction))
    return form(withSyncIntervalField(leagueModal(settings), settings))
  }),
)

const submitLeague = modal(setupLeagueFormId, admin("numbers"), (interaction) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const typed = interaction.fields.getTextInputValue(LEAGUE_FIELD).trim()
    if (typed !== "" && !/^[1-9]\d{0,8}$/.test(typed)) {
      return yield* refuse(`An iRacing league id is a whole number like 12345 (from your league's page address); "${typed.slice(0, 20)}" is not one.`)
    }
    const iracingLeagueId = typed === "" ? undefined : Number(typed)
    const interval = yield* syncIntervalFrom(interaction)
    const saved = yield* dieOnDatabase(updateSettings(guildId, interaction.user.id, { iracingLeagueId, ...interval }))
    return yield* showPanel(interaction, (iracingLeagueId === undefined ? "iRacing league unset." : `iRacing league set to ${iracingLeagueId}.`) + syncIntervalNote(saved))
  }),
)

export const settingsRoutes: ReadonlyArray<ComponentRoute<AppServices>> = [adminRole, announcementChannel, openLeague, submitLeague]
