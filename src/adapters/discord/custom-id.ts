import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * Buttons, selects and modals carry their routing data in a custom_id: `<version>:<route>:<field>…`.
 * Discord hands the id back verbatim, and anyone can craft an interaction with any id, so the
 * router trusts nothing it didn't decode here: a malformed id, an unknown route or an older
 * version is refused with a clear reply. Handlers still check who may press what.
 */
export const CUSTOM_ID_VERSION = "1"
export const MAX_CUSTOM_ID_LENGTH = 100
const SEPARATOR = ":"

/** A field is a schema whose encoded side is a string (or a string literal); it must never contain the separator. */
export type FieldSchema = Schema.Schema<any, any, never>
type Fields = Readonly<Record<string, FieldSchema>>
export type RouteValue<F extends Fields> = { readonly [K in keyof F]: Schema.Schema.Type<F[K]> }

export interface CustomIdRoute<A> {
  readonly route: string
  readonly encode: (value: A) => string
  readonly decodeFields: (fields: ReadonlyArray<string>) => Either.Either<A, string>
}

export const customIdRoute = <const F extends Fields>(route: string, fields: F): CustomIdRoute<RouteValue<F>> => {
  if (!/^[a-z][a-z0-9.-]*$/.test(route)) throw new Error(`custom_id route "${route}" must be lowercase letters, digits, dots or dashes`)
  const keys = Object.keys(fields)
  const struct = Schema.Struct(fields as Schema.Struct.Fields) as unknown as Schema.Schema<RouteValue<F>, Record<string, string>>
  return {
    route,
    encode: (value) => {
      const encoded = Schema.encodeSync(struct)(value)
      const parts = keys.map((key) => {
        const part = String(encoded[key] ?? "")
        if (part.includes(SEPARATOR)) throw new Error(`custom_id field ${route}.${key} contains "${SEPARATOR}"`)
        return part
      })
      const id = [CUSTOM_ID_VERSION, route, ...parts].join(SEPARATOR)
      if (id.length > MAX_CUSTOM_ID_LENGTH) throw new Error(`custom_id for ${route} is ${id.length} characters; Discord allows ${MAX_CUSTOM_ID_LENGTH}`)
      return id
    },
    decodeFields: (parts) => {
      if (parts.length !== keys.length) return Either.left(`expected ${keys.length} fields, got ${parts.length}`)
      const record = Object.fromEntries(keys.map((key, index) => [key, parts[index]]))
      return Schema.decodeUnknownEither(struct)(record).pipe(
        Either.mapLeft((error) => ParseResult.TreeFormatter.formatErrorSync(error)),
      )
    },
  }
}

export type ParsedCustomId =
  | { readonly _tag: "Parsed"; readonly route: string; readonly fields: ReadonlyArray<string> }
  | { readonly _tag: "Stale"; readonly version: string }
  | { readonly _tag: "Malformed" }

/** Splits an id into its route and raw fields; decoding the fields is the route's job. */
export const parseCustomId = (raw: string): ParsedCustomId => {
  if (raw.length === 0 || raw.length > MAX_CUSTOM_ID_LENGTH) return { _tag: "Malformed" }
  const [version, route, ...fields] = raw.split(SEPARATOR)
  if (version === undefined || route === undefined || route === "") return { _tag: "Malformed" }
  if (version !== CUSTOM_ID_VERSION) return /^\d+$/.test(version) ? { _tag: "Stale", version } : { _tag: "Malformed" }
  return { _tag: "Parsed", route, fields }
}

/** Common field schemas. */
export const SnowflakeField = Schema.String.pipe(Schema.pattern(/^\d{17,20}$/))
export const IntField = Schema.NumberFromString.pipe(Schema.int(), Schema.nonNegative())
export const TokenField = (max = 40) => Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_.-]+$/), Schema.maxLength(max))
export const LiteralField = <const L extends ReadonlyArray<string>>(...literals: L) => Schema.Literal(...literals)
