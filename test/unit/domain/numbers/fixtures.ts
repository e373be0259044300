// Shared test data: a small league with two classes and a helper to write claims briefly.
import { type CarNumber, unsafeCarNumber } from "../../../../src/domain/numbers/car-number.js"
import type { Claim } from "../../../../src/domain/numbers/claims.js"
import type { NumberClass } from "../../../../src/domain/numbers/classes.js"

export const GUILD = "guild-1"
export const T0 = Date.UTC(2026, 0, 10, 18, 0, 0)

export const n = (text: string): CarNumber => unsafeCarNumber(text)

export const GT3: NumberClass = { id: "gt3", name: "GT3", min: 1, max: 199, limitPerMember: 1, reserved: [n("1"), n("99")] }
export const LMP2: NumberClass = { id: "lmp2", name: "LMP2", min: 200, max: 299, limitPerMember: 2, reserved: [] }
export const LEAGUE: ReadonlyArray<NumberClass> = [GT3, LMP2]

let counter = 0
export const claim = (
  number: string,
  holderId: string,
  opts: { classId?: string; status?: "claimed" | "confirmed"; id?: string; claimedAt?: number } = {},
): Claim => ({
  id: opts.id ?? `claim-${++counter}`,
  guildId: GUILD,
  classId: opts.classId ?? GT3.id,
  number: n(number),
  holderId,
  status: opts.status ?? "claimed",
  claimedAt: opts.claimedAt ?? T0,
  ...(opts.status === "confirmed" ? { confirmedAt: (opts.claimedAt ?? T0) + 60_000 } : {}),
})
