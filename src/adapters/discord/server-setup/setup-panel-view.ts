import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelSelectMenuBuilder,
  ChannelType,
  ModalBuilder,
  RoleSelectMenuBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIEmbed,
  type MessageActionRowComponentBuilder,
} from "discord.js"
import type { Claim } from "../../../domain/numbers/claims.js"
import type { NumberClass } from "../../../domain/numbers/classes.js"
import type { ModuleGrant } from "../../../domain/permissions.js"
import type { GuildSettings } from "../../../domain/server-settings.js"
import {
  CLASS_FIELDS,
  LEAGUE_FIELD,
  NEW_CLASS,
  setupAddClassId,
  setupAdminRoleId,
  setupChannelId,
  setupClassFormId,
  setupEditClassId,
  setupLeagueFormId,
  setupLeagueId,
  setupRemoveClassId,
} from "./setup-ids.js"
import { adminsText, channelText, classLines, compactNumbers, leagueText, numbersGrants, storedClasses } from "../numbers/admin-format.js"
import { BRAND_COLOUR, fitEmbed, linesToFields, truncate } from "../embeds.js"
import { formField, withValue } from "../form-fields.js"

export interface SetupState {
  readonly classes: ReadonlyArray<NumberClass>
  readonly claims: ReadonlyArray<Claim>
  readonly settings: GuildSettings
  readonly grants: ReadonlyArray<ModuleGrant>
  /** Granting admin rights is a permissions change: only Manage Server sees the role menu. */
  readonly managesServer: boolean
}

/** Discord allows 25 options in a select. */
const MAX_OPTIONS = 25

const step = (done: boolean, text: string) => `${done ? "✅" : "⬜"} ${text}`

const nextHint = (state: SetupState) => {
  if (storedClasses(state.classes).length === 0) return "**Next:** press **Add class** to define your first range of numbers (e.g. GT3, 1-199)."
  if (state.settings.announcementChannelId === undefined) return "**Next:** pick a channel below where claims and releases are announced (optional)."
  return "All set. Change anything again at any time; `/config` shows the result."
}

export const setupEmbed = (state: SetupState, change: string | null): APIEmbed => {
  const description = [
    change === null ? null : `**Done:** ${change}\n`,
    step(storedClasses(state.classes).length > 0, "**1. Classes**: the ranges members claim numbers from."),
    step(numbersGrants(state.grants).length > 0, "**2. Numbers admins**: a role that may assign, revoke, reserve and export (optional)."),
    step(state.settings.announcementChannelId !== undefined, "**3. Announcements**: a channel for claims and releases (optional)."),
    "",
    nextHint(state),
  ].filter((line): line is string => line !== null)
  return fitEmbed({
    title: "Set up car numbers",
    description: description.join("\n"),
    color: BRAND_COLOUR,
    fields: [
      ...linesToFields("Classes", classLines(state.classes, state.claims)),
      { name: "Numbers admins", value: adminsText(state.grants) + (state.managesServer ? "" : "\nOnly members with Manage Server can change this.") },
      { name: "Announcement channel", value: channelText(state.settings), inline: true },
      { name: "iRacing league", value: leagueText(state.settings), inline: true },
    ],
  })
}

const classOption = (c: NumberClass) => ({
  label: truncate(`${c.name} (${c.min}–${c.max})`, 100),
  value: c.id,
  description: truncate(`${c.limitPerMember} per member · ${c.reserved.length === 0 ? "nothing reserved" : `reserved ${compactNumbers(c.reserved)}`}`, 100),
})

export const setupComponents = (state: SetupState) => {
  const own = storedClasses(state.classes).slice(0, MAX_OPTIONS)
  const rows: ActionRowBuilder<MessageActionRowComponentBuilder>[] = [
    new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
      new ButtonBuilder().setCustomId(setupAddClassId.encode({})).setLabel("Add class").setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId(setupLeagueId.encode({})).setLabel("Set iRacing league id").setStyle(ButtonStyle.Secondary),
    ),
  ]
  if (own.length > 0) {
    rows.push(
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
        new StringSelectMenuBuilder().setCustomId(setupEditClassId.encode({})).setPlaceholder("Edit a class…").addOptions(own.map(classOption)),
      ),
    )
  }
  // Removing the only class is refused (edit it instead), so the menu appears once there is a choice.
  if (own.length > 1) {
    rows.push(
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
        new StringSelectMenuBuilder().setCustomId(setupRemoveClassId.encode({})).setPlaceholder("Remove a class…").addOptions(own.map(classOption)),
      ),
    )
  }
  if (state.managesServer) {
    const roles = numbersGrants(state.grants).filter((grant) => grant.subjectType === "role").map((grant) => grant.subjectId).slice(0, MAX_OPTIONS)
    const menu = new RoleSelectMenuBuilder().setCustomId(setupAdminRoleId.encode({})).setPlaceholder("Numbers admin roles…").setMinValues(0).setMaxValues(MAX_OPTIONS)
    if (roles.length > 0) menu.setDefaultRoles(roles)
    rows.push(new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(menu))
  }
  const channel = new ChannelSelectMenuBuilder()
    .setCustomId(setupChannelId.encode({}))
    .setPlaceholder("Announcement channel…")
    .setChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)
  if (state.settings.announcementChannelId !== undefined) channel.setDefaultChannels(state.settings.announcementChannelId)
  rows.push(new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(channel))
  return rows
}

export const setupPanel = (state: SetupState, change: string | null = null) => ({
  embeds: [setupEmbed(state, change)],
  components: setupComponents(state),
  allowedMentions: { parse: [] as [] },
})


/** The add/edit form; editing prefills what is stored, and the modal's id names the class it edits. */
export const classModal = (existing: NumberClass | null) =>
  new ModalBuilder()
    .setCustomId(setupClassFormId.encode({ classId: existing?.id ?? NEW_CLASS }))
    .setTitle(truncate(existing === null ? "Add a class" : `Edit ${existing.name}`, 45))
    .addLabelComponents(
      formField(CLASS_FIELDS.name, "Name", "Shown to members, e.g. GT3 or Rookies", withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(100).setRequired(true), existing?.name)),
      formField(CLASS_FIELDS.range, "Numbers", "From-to, within 0-999, e.g. 1-199", withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(11).setRequired(true).setPlaceholder("1-199"), existing === null ? undefined : `${existing.min}-${existing.max}`)),
      formField(CLASS_FIELDS.limit, "Numbers per member", "How many one member may hold in this class (default 1)", withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(3).setRequired(false).setPlaceholder("1"), existing === null ? undefined : String(existing.limitPerMember))),
      formField(CLASS_FIELDS.reserved, "Reserved numbers", "Only admins hand these out; leave empty for none", withValue(new TextInputBuilder().setStyle(TextInputStyle.Paragraph).setMaxLength(4000).setRequired(false).setPlaceholder("1, 07, 10-19"), existing === null ? undefined : compactNumbers(existing.reserved))),
    )

export const leagueModal = (settings: GuildSettings) =>
  new ModalBuilder()
    .setCustomId(setupLeagueFormId.encode({}))
    .setTitle("iRacing league")
    .addLabelComponents(
      formField(LEAGUE_FIELD, "League id", "The number in your league's iRacing page address; empty to unset", withValue(new TextInputBuilder().setStyle(TextInputStyle.Short).setMaxLength(10).setRequired(false).setPlaceholder("12345"), settings.iracingLeagueId === undefined ? undefined : String(settings.iracingLeagueId))),
    )
