/**
 * What the bot asks for when invited, and why (the README repeats this table).
 * Kept minimal: a league admin should be able to read the list and agree to each line.
 */
export const BOT_PERMISSIONS = [
  { name: "View Channels", bit: 1n << 10n, why: "see the channels it posts in" },
  { name: "Send Messages", bit: 1n << 11n, why: "announcements, event cards, the live grid" },
  { name: "Embed Links", bit: 1n << 14n, why: "rosters, reports and event cards are embeds" },
  { name: "Attach Files", bit: 1n << 15n, why: "the availability picture, CSV exports and .ics files" },
  { name: "Read Message History", bit: 1n << 16n, why: "find its own event card again after a restart, so it never posts a second" },
  { name: "Manage Roles", bit: 1n << 28n, why: "give and take an event's driver role" },
  { name: "Create Events", bit: 1n << 44n, why: "a Discord scheduled event for each published race" },
] as const

export const invitePermissions = BOT_PERMISSIONS.reduce((sum, permission) => sum | permission.bit, 0n)

export const inviteUrl = (applicationId: string): string =>
  `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=bot%20applications.commands&permissions=${invitePermissions}`
