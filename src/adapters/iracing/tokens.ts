import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type { IracingCredentials, IracingSettings } from "./config.js"
import {
  IracingAuthFailed,
  IracingRateLimited,
  type IracingBadPayload,
  type IracingCredentialVariable,
  type IracingMaintenance,
  type IracingTimeout,
  type IracingUnavailable,
} from "./errors.js"
import { parseJson, unexpectedStatus, type HttpReply, type Transport } from "./http.js"
import { mask } from "./mask.js"
import { decodePayload, TokenResponsePayload } from "./payloads.js"
import { resetAtOf } from "./rate-limit.js"
import type { TokenPair, TokenVault } from "./token-vault.js"

export type TokenError =
  | IracingAuthFailed
  | IracingRateLimited
  | IracingMaintenance
  | IracingUnavailable
  | IracingTimeout
  | IracingBadPayload

export interface TokenOwner {
  /** A valid access token: the saved one, else a refresh, else a full login. */
  readonly current: Effect.Effect<Redacted.Redacted<string>, TokenError>
  /**
   * After `rejected` got a 401. A refresh (falling back to a full login), or a full login when
   * `forceLogin`; if another fiber already replaced `rejected`, its token is returned instead.
   */
  readonly renew: (rejected: Redacted.Redacted<string>, forceLogin: boolean) => Effect.Effect<TokenPair, TokenError>
}

const ENDPOINT = "/oauth2/token"

const refusal = (code: string): { reason: string; variables: ReadonlyArray<IracingCredentialVariable> } => {
  switch (code) {
    case "invalid_client":
      return { reason: "the client id or client secret is not accepted", variables: ["IRACING_CLIENT_ID", "IRACING_CLIENT_SECRET"] }
    case "invalid_grant":
    case "access_denied":
      return { reason: "the username or password is not accepted", variables: ["IRACING_USERNAME", "IRACING_PASSWORD"] }
    case "unauthorized_client":
    case "unsupported_grant_type":
      return {
        reason: "this client may not use the password_limited grant for this user (ask iRacing to add the user to its access list)",
        variables: ["IRACING_CLIENT_ID", "IRACING_USERNAME"],
      }
    case "invalid_scope":
      return { reason: "the client lacks the iracing.auth scope (data-server audience)", variables: ["IRACING_CLIENT_ID"] }
    default:
      return {
        reason: "the credentials are not accepted",
        variables: ["IRACING_CLIENT_ID", "IRACING_CLIENT_SECRET", "IRACING_USERNAME", "IRACING_PASSWORD"],
      }
  }
}

const oauthErrorCode = (reply: HttpReply): string => {
  try {
    const code = (JSON.parse(reply.body) as { error?: unknown }).error
    return typeof code === "string" ? code : ""
  } catch {
    return ""
  }
}

type Outcome = { readonly _tag: "Issued"; readonly pair: TokenPair } | { readonly _tag: "Refused"; readonly code: string }

export const makeTokenOwner = (
  settings: IracingSettings,
  credentials: IracingCredentials,
  transport: Transport,
  vault: TokenVault,
): Effect.Effect<TokenOwner> =>
  Effect.gen(function* () {
    // One owner per process, and one permit: refresh tokens are single-use, so two fibers
    // refreshing at once would invalidate each other and force a full login.
    const permit = yield* Effect.makeSemaphore(1)
    const held = yield* Ref.make<Option.Option<TokenPair> | undefined>(undefined)
    const loginBlocked = yield* Ref.make<{ until: number; error: IracingAuthFailed | IracingRateLimited } | null>(null)
    const maskedSecret = mask(Redacted.value(credentials.clientSecret), credentials.clientId)

    const exchange = (grant: "password_limited" | "refresh_token", form: Record<string, string>) =>
      Effect.gen(function* () {
        const operation = `POST ${ENDPOINT} (${grant})`
        const reply = yield* transport.send({
          method: "POST",
          url: `${settings.oauthUrl}${ENDPOINT}`,
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          // URLSearchParams percent-encodes the base64 '+', '/' and '=' as the OAuth docs require.
          body: new URLSearchParams({ grant_type: grant, client_id: credentials.clientId, client_secret: maskedSecret, ...form }).toString(),
          operation,
        })
        const now = yield* Clock.currentTimeMillis
        if (reply.status === 400 || reply.status === 401) return { _tag: "Refused", code: oauthErrorCode(reply) } as Outcome
        if (reply.status === 429) {
          return yield* Effect.fail(new IracingRateLimited({ operation, resetAt: resetAtOf(reply, now) ?? now + settings.loginCooldownMs }))
        }
        if (reply.status !== 200) return yield* Effect.fail(unexpectedStatus(reply, operation))
        const token = yield* decodePayload(TokenResponsePayload, yield* parseJson(reply, ENDPOINT), ENDPOINT, false)
        if (token.scope === null) return yield* Effect.fail(new IracingAuthFailed(refusal("invalid_scope")))
        const pair: TokenPair = {
          accessToken: Redacted.make(token.access_token),
          accessExpiresAt: now + token.expires_in * 1000,
          refreshToken: token.refresh_token === undefined ? (grant === "refresh_token" ? Redacted.make(form.refresh_token!) : null) : Redacted.make(token.refresh_token),
          refreshExpiresAt: token.refresh_token_expires_in === undefined ? null : now + token.refresh_token_expires_in * 1000,
          via: grant === "password_limited" ? "login" : "refresh",
        }
        return { _tag: "Issued", pair } as Outcome
      })

    const keep = (pair: TokenPair) => Ref.set(held, Option.some(pair)).pipe(Effect.zipRight(vault.save(pair)), Effect.as(pair))

    const login = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const blocked = yield* Ref.get(loginBlocked)
      if (blocked !== null && now < blocked.until) return yield* Effect.fail(blocked.error)
      yield* Effect.logInfo("iRacing: full login (password_limited)")
      const outcome = yield* exchange("password_limited", {
        username: credentials.username,
        password: mask(Redacted.value(credentials.password), credentials.username),
        scope: "iracing.auth",
      }).pipe(
        Effect.tapError((error) =>
          error._tag === "IracingRateLimited" ? Ref.set(loginBlocked, { until: error.resetAt, error }) : Effect.void,
        ),
      )
      if (outcome._tag === "Issued") return yield* keep(outcome.pair)
      const error = new IracingAuthFailed(refusal(outcome.code))
      yield* Ref.set(loginBlocked, { until: now + settings.loginCooldownMs, error })
      yield* Effect.logWarning(`iRacing: login refused (${error.reason})`)
      return yield* Effect.fail(error)
    })

    const refreshOrLogin = (pair: Option.Option<TokenPair>) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const refreshToken = Option.flatMap(pair, (p) =>
          p.refreshToken !== null && (p.refreshExpiresAt === null || p.refreshExpiresAt > now) ? Option.some(p.refreshToken) : Option.none(),
        )
        if (Option.isNone(refreshToken)) return yield* login
        const outcome = yield* exchange("refresh_token", { refresh_token: Redacted.value(refreshToken.value) })
        if (outcome._tag === "Issued") {
          yield* Effect.logDebug("iRacing: access token refreshed")
          return yield* keep(outcome.pair)
        }
        if (outcome.code === "invalid_client") return yield* Effect.fail(new IracingAuthFailed(refusal(outcome.code)))
        // Single-use refresh tokens get spent by anyone holding a copy; a login is the only way back.
        yield* Effect.logWarning("iRacing: refresh token refused; falling back to a full login")
        return yield* login
      })

    const heldPair = Effect.gen(function* () {
      const known = yield* Ref.get(held)
      if (known !== undefined) return known
      const saved = yield* vault.load
      yield* Ref.set(held, saved)
      return saved
    })

    const usable = (pair: TokenPair, now: number) => pair.accessExpiresAt - settings.refreshBufferMs > now

    const current = permit.withPermits(1)(
      Effect.gen(function* () {
        const pair = yield* heldPair
        const now = yield* Clock.currentTimeMillis
        if (Option.isSome(pair) && usable(pair.value, now)) return pair.value.accessToken
        return (yield* refreshOrLogin(pair)).accessToken
      }),
    )

    const renew = (rejected: Redacted.Redacted<string>, forceLogin: boolean) =>
      permit.withPermits(1)(
        Effect.gen(function* () {
          const pair = yield* heldPair
          const now = yield* Clock.currentTimeMillis
          if (Option.isSome(pair) && Redacted.value(pair.value.accessToken) !== Redacted.value(rejected) && usable(pair.value, now)) {
            return pair.value
          }
          return yield* forceLogin ? login : refreshOrLogin(pair)
        }),
      )

    return { current, renew }
  })
