import type { APIEmbed } from "discord.js"
import type { SetupState } from "./setup-panel-view.js"
import { adminsText, channelText, classLines, leagueText } from "../numbers/admin-format.js"
import { BRAND_COLOUR, fitEmbed, linesToFields } from "../embeds.js"

/** /config: the whole car-numbers setup on one read-only card. */
export const configEmbed = (state: SetupState): APIEmbed => {
  const waiting = state.claims.filter((claim) => claim.status === "claimed").length
  const confirmed = state.claims.length - waiting
  return fitEmbed({
    title: "Car numbers: configuration",
    description: `**${state.claims.length}** numbers held: ${confirmed} confirmed in iRacing, ${waiting} waiting to be set there.`,
    color: BRAND_COLOUR,
    fields: [
      ...linesToFields("Classes", classLines(state.classes, state.claims)),
      { name: "Numbers admins", value: adminsText(state.grants) },
      { name: "Announcement channel", value: channelText(state.settings), inline: true },
      { name: "iRacing league", value: leagueText(state.settings), inline: true },
    ],
    footer: { text: "Change any of this with /setup." },
  })
}
