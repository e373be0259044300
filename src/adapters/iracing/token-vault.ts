import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { DatabaseService } from "../sqlite/database.js"
import { readIracingTokens, writeIracingTokens } from "../sqlite/repositories/iracing-tokens.js"
import type { IracingCredentials } from "./config.js"

export interface TokenPair {
  readonly accessToken: Redacted.Redacted<string>
  /** Epoch ms, from `expires_in` at the time of issue. */
  readonly accessExpiresAt: number
  readonly refreshToken: Redacted.Redacted<string> | null
  readonly refreshExpiresAt: number | null
  /** How the pair was obtained: a token that came from a full login and still gets 401 will not get another login. */
  readonly via: "login" | "refresh"
}

const Stored = Schema.Struct({
  v: Schema.Literal(1),
  accessToken: Schema.String,
  accessExpiresAt: Schema.Number,
  refreshToken: Schema.NullOr(Schema.String),
  refreshExpiresAt: Schema.NullOr(Schema.Number),
  via: Schema.Literal("login", "refresh"),
})

const VERSION = "v1."
const INFO = "pitboard/iracing-tokens/v1"

// HKDF is enough: the client secret is a random server-issued value, not a human password.
const keyFor = (credentials: IracingCredentials, salt: Buffer): Buffer =>
  Buffer.from(hkdfSync("sha256", Redacted.value(credentials.clientSecret), salt, INFO, 32))

// Bound to the account: a row written for another client or user fails authentication and is ignored.
const associatedData = (credentials: IracingCredentials): Buffer =>
  Buffer.from(`${credentials.clientId.trim()}\n${credentials.username.trim().toLowerCase()}`, "utf8")

export const sealTokens = (pair: TokenPair, credentials: IracingCredentials): string => {
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", keyFor(credentials, salt), iv)
  cipher.setAAD(associatedData(credentials))
  const plain = JSON.stringify({
    v: 1,
    accessToken: Redacted.value(pair.accessToken),
    accessExpiresAt: pair.accessExpiresAt,
    refreshToken: pair.refreshToken === null ? null : Redacted.value(pair.refreshToken),
    refreshExpiresAt: pair.refreshExpiresAt,
    via: pair.via,
  } satisfies typeof Stored.Type)
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()])
  return VERSION + Buffer.concat([salt, iv, cipher.getAuthTag(), body]).toString("base64url")
}

/** None for anything that does not decrypt and decode: a changed secret, another account, a damaged row. */
export const openTokens = (payload: string, credentials: IracingCredentials): Option.Option<TokenPair> => {
  if (!payload.startsWith(VERSION)) return Option.none()
  try {
    const bytes = Buffer.from(payload.slice(VERSION.length), "base64url")
    const salt = bytes.subarray(0, 16)
    const decipher = createDecipheriv("aes-256-gcm", keyFor(credentials, salt), bytes.subarray(16, 28))
    decipher.setAAD(associatedData(credentials))
    decipher.setAuthTag(bytes.subarray(28, 44))
    const plain = Buffer.concat([decipher.update(bytes.subarray(44)), decipher.final()]).toString("utf8")
    return Schema.decodeUnknownOption(Stored)(JSON.parse(plain)).pipe(
      Option.map((s) => ({
        accessToken: Redacted.make(s.accessToken),
        accessExpiresAt: s.accessExpiresAt,
        refreshToken: s.refreshToken === null ? null : Redacted.make(s.refreshToken),
        refreshExpiresAt: s.refreshExpiresAt,
        via: s.via,
      })),
    )
  } catch {
    return Option.none()
  }
}

export interface TokenVault {
  readonly load: Effect.Effect<Option.Option<TokenPair>>
  readonly save: (pair: TokenPair) => Effect.Effect<void>
}

/** Persistence is best effort: a failing database costs a login after restart, never a failed call. */
export const makeTokenVault = (db: DatabaseService, credentials: IracingCredentials): TokenVault => ({
  load: db.query("iracing.tokens.read", readIracingTokens).pipe(
    Effect.map((row) => (row === undefined ? Option.none<TokenPair>() : openTokens(row.payload, credentials))),
    Effect.catchAll((error) =>
      Effect.logWarning("iRacing: could not read the saved tokens; a full login will follow", error.cause).pipe(
        Effect.as(Option.none<TokenPair>()),
      ),
    ),
  ),
  save: (pair) =>
    Effect.clockWith((clock) => clock.currentTimeMillis).pipe(
      Effect.flatMap((now) =>
        db.query("iracing.tokens.write", (kysely) =>
          writeIracingTokens(kysely, { payload: sealTokens(pair, credentials), updatedAt: now }),
        ),
      ),
      Effect.catchAll((error) => Effect.logWarning("iRacing: could not save the tokens", error.cause)),
    ),
})
