import type { APIEmbed, APIEmbedField } from "discord.js"

/** Discord's embed limits (discord-platform.md §1.3), enforced here rather than left to luck. */
export const EMBED_LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 } as const

export const BRAND_COLOUR = 0xe8590c

export const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/** Packs lines into as few fields as fit 1024 characters each, repeating the heading with "(cont.)". */
export const linesToFields = (heading: string, lines: ReadonlyArray<string>): APIEmbedField[] => {
  const fields: APIEmbedField[] = []
  let current: string[] = []
  let length = 0
  const flush = () => {
    if (current.length === 0) return
    fields.push({ name: truncate(fields.length === 0 ? heading : `${heading} (cont.)`, EMBED_LIMITS.fieldName), value: current.join("\n") })
    current = []
    length = 0
  }
  for (const raw of lines) {
    const line = truncate(raw, EMBED_LIMITS.fieldValue)
    if (length + line.length + 1 > EMBED_LIMITS.fieldValue) flush()
    current.push(line)
    length += line.length + 1
  }
  flush()
  return fields
}

const embedSize = (embed: APIEmbed) =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.author?.name.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)

/** Drops trailing fields until the embed fits Discord's limits, noting that it was shortened. */
export const fitEmbed = (embed: APIEmbed): APIEmbed => {
  const fields = [...(embed.fields ?? [])].slice(0, EMBED_LIMITS.fields)
  const fitted: APIEmbed = {
    ...embed,
    ...(embed.title === undefined ? {} : { title: truncate(embed.title, EMBED_LIMITS.title) }),
    ...(embed.description === undefined ? {} : { description: truncate(embed.description, EMBED_LIMITS.description) }),
    fields,
  }
  const note = "Some entries were left out to fit Discord's limits."
  while (embedSize(fitted) > EMBED_LIMITS.total && fields.length > 0) {
    fields.pop()
    // Keep the embed's own footer (an event id, a page number) and add the note to it.
    fitted.footer = { text: truncate(embed.footer === undefined ? note : `${embed.footer.text} · ${note}`, EMBED_LIMITS.footer) }
  }
  return fitted
}
