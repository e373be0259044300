/**
 * Small rules about changing an existing claim. The claim machine uses them as
 * guards, and the use cases use them to explain a refusal, so both always
 * agree. Each returns `null` when the change is allowed, or the reason it is
 * not (a sentence for the member).
 */

export const MAX_REASON_LENGTH = 500

/** A revocation takes a number away from someone, so it must say why (shown in the audit log). */
export const checkRevokeReason = (reason: string | undefined): string | null => {
  const text = (reason ?? "").trim()
  if (text === "") return "Give a reason for revoking the number; it is kept in the audit log."
  if (text.length > MAX_REASON_LENGTH) {
    return `Keep the reason to ${MAX_REASON_LENGTH} characters; it has ${text.length}.`
  }
  return null
}

/**
 * Only the holder releases their own number. Admins take numbers away with a
 * revoke, which needs a reason.
 */
export const checkRelease = (holderId: string, actorId: string): string | null =>
  holderId === actorId ? null : "Only the holder can release this number; an admin can revoke it with a reason instead."

export const checkTransferTarget = (holderId: string, toHolderId: string): string | null => {
  if (toHolderId.trim() === "") return "Name the member who receives the number."
  if (toHolderId === holderId) return "The number already belongs to that member."
  return null
}
