/** Every admin action and every claim change, with who and when. */
export interface AuditEntry {
  readonly guildId: string
  readonly actorId: string
  /** A dotted verb such as "permissions.grant" or "number.claim". */
  readonly action: string
  /** What the action was about: a number, a member, an event id; used to filter the log. */
  readonly subject: string | null
  readonly details: Readonly<Record<string, unknown>>
  readonly at: number
}

export interface StoredAuditEntry extends AuditEntry {
  readonly id: number
}

