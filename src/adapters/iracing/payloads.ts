import { Effect, ParseResult, Schema } from "effect"
import { IracingBadPayload } from "./errors.js"

/**
 * Only the fields Pitboard reads; extra fields are ignored, so iRacing adding one breaks nothing,
 * while a missing required one fails with its path. Optional text and flags default rather than fail.
 */
const nullableText = Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null })
const flag = Schema.optionalWith(Schema.Boolean, { default: () => false })

export const RosterMemberPayload = Schema.Struct({
  cust_id: Schema.Int,
  display_name: Schema.String,
  // A string on purpose: "01" and "1" are different numbers in iRacing.
  car_number: nullableText,
  nick_name: nullableText,
  owner: flag,
  admin: flag,
})

export const LeagueGetPayload = Schema.Struct({
  league_id: Schema.Int,
  league_name: Schema.String,
  roster: Schema.Array(RosterMemberPayload),
})

/** league/roster after its data_url hop. */
export const LeagueRosterPayload = Schema.Struct({
  roster: Schema.Array(RosterMemberPayload),
})

export const DriverPayload = Schema.Struct({ cust_id: Schema.Int, display_name: Schema.String })

export const LookupDriversPayload = Schema.Array(DriverPayload)

export const MemberGetPayload = Schema.Struct({ members: Schema.Array(DriverPayload) })

export const ChunkInfoPayload = Schema.Struct({
  base_download_url: Schema.String,
  chunk_file_names: Schema.Array(Schema.String),
})

export const TokenResponsePayload = Schema.Struct({
  access_token: Schema.String,
  expires_in: Schema.Number,
  refresh_token: Schema.optionalWith(Schema.String, { nullable: true }),
  refresh_token_expires_in: Schema.optionalWith(Schema.Number, { nullable: true }),
  // Present but null means nothing was granted (misspelled scope, inactive account).
  scope: Schema.optional(Schema.NullOr(Schema.String)),
})

/** `roster[3].cust_id` from ["roster", 3, "cust_id"]. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`),
    "",
  ) || "the body"

/**
 * Decodes or fails with the first problem's path. `revealValues: false` keeps the offending value
 * out of the message: used for token responses, where the value could be a credential.
 */
export const decodePayload = <A, I>(
  schema: Schema.Schema<A, I>,
  value: unknown,
  endpoint: string,
  revealValues = true,
): Effect.Effect<A, IracingBadPayload> =>
  Schema.decodeUnknown(schema)(value).pipe(
    Effect.mapError((error) => {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
      const problem =
        issue === undefined ? "is malformed" : issue._tag === "Missing" || revealValues ? issue.message : "has the wrong type"
      return new IracingBadPayload({ endpoint, path: formatPath(issue?.path ?? []), problem })
    }),
  )
