import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { IRACING_CREDENTIAL_VARIABLES, joinNames, type IracingCredentialVariable } from "./errors.js"

export interface IracingCredentials {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly username: string
  readonly password: Redacted.Redacted<string>
}

export interface IracingSettings {
  /** None: iRacing features are off and answer `IracingDisabled`. */
  readonly credentials: Option.Option<IracingCredentials>
  /** Base of the /data API, without a trailing slash. */
  readonly dataUrl: string
  /** Base of the OAuth server; the token endpoint is `${oauthUrl}/oauth2/token`. */
  readonly oauthUrl: string
  /** Per HTTP call: connect, headers and body each, and the whole call. */
  readonly timeoutMs: number
  /** Renew the access token this long before iRacing says it expires. */
  readonly refreshBufferMs: number
  /** Wait for a rate-limit reset only if it is at most this far away; otherwise fail at once. */
  readonly maxRateLimitWaitMs: number
  /** Added to each reset wait: the reset header has whole-second precision. */
  readonly rateLimitMarginMs: number
  /** 429s retried per call before giving up with `IracingRateLimited`. */
  readonly maxRateLimitRetries: number
  /** After a maintenance answer, calls fail fast for this long without asking iRacing again. */
  readonly maintenanceCooldownMs: number
  /** After iRacing refuses the credentials, do not spend another full login (about 12 an hour) for this long. */
  readonly loginCooldownMs: number
}

export const IRACING_DATA_URL = "https://members-ng.iracing.com"
export const IRACING_OAUTH_URL = "https://oauth.iracing.com"

export const defaultIracingSettings: IracingSettings = {
  credentials: Option.none(),
  dataUrl: IRACING_DATA_URL,
  oauthUrl: IRACING_OAUTH_URL,
  timeoutMs: 15_000,
  refreshBufferMs: 60_000,
  maxRateLimitWaitMs: 90_000,
  rateLimitMarginMs: 500,
  maxRateLimitRetries: 2,
  maintenanceCooldownMs: 60_000,
  loginCooldownMs: 5 * 60_000,
}

export type IracingVariable = IracingCredentialVariable | "IRACING_DATA_URL" | "IRACING_OAUTH_URL" | "IRACING_TIMEOUT_SECONDS"

const help: Record<IracingVariable, string> = {
  IRACING_CLIENT_ID: "copy it from the OAuth client iRacing registered for you, or unset all four IRACING_ credentials to run without iRacing",
  IRACING_CLIENT_SECRET: "copy it from iRacing's registration email, or unset all four IRACING_ credentials to run without iRacing",
  IRACING_USERNAME: "use the email of the iRacing account on the client's access list, or unset all four IRACING_ credentials",
  IRACING_PASSWORD: "use that account's password, or unset all four IRACING_ credentials",
  IRACING_DATA_URL: "leave it unset to use iRacing itself; tests point it at a local fake such as http://127.0.0.1:8081",
  IRACING_OAUTH_URL: "leave it unset to use iRacing itself; tests point it at a local fake such as http://127.0.0.1:8081",
  IRACING_TIMEOUT_SECONDS: "leave it unset for 15, or give a number of seconds between 1 and 300",
}

/** Same shape as the app's ConfigProblem: one line that names the variable(s) and the fix. */
export class IracingConfigProblem {
  readonly _tag = "IracingConfigProblem"
  constructor(
    readonly variables: ReadonlyArray<IracingVariable>,
    readonly problem: "missing" | "invalid",
    readonly detail: string,
  ) {}
  get variable(): IracingVariable {
    return this.variables[0]!
  }
  get line(): string {
    if (this.problem === "missing") {
      const verb = this.variables.length === 1 ? "is" : "are"
      return (
        `${joinNames(this.variables)} ${verb} not set, but the other iRacing credentials are. ` +
        `To fix it, set all four of ${joinNames(IRACING_CREDENTIAL_VARIABLES)} ` +
        `(from iRacing's OAuth client registration), or none of them to run without iRacing.`
      )
    }
    return `${this.variable} is not valid: ${this.detail}. To fix it, ${help[this.variable]}.`
  }
}

const invalid = (variable: IracingVariable, detail: string) => new IracingConfigProblem([variable], "invalid", detail)

// Blank counts as unset so the `NAME=` lines of .env.example mean "off", whatever provider is in use.
const optionalText = (name: IracingVariable) =>
  Config.option(Config.string(name)).pipe(
    Effect.map(Option.filter((value) => value.trim() !== "")),
    Effect.mapError(() => invalid(name, "it could not be read")),
  )

const optionalUrl = (name: "IRACING_DATA_URL" | "IRACING_OAUTH_URL", fallback: string) =>
  optionalText(name).pipe(
    Effect.flatMap(
      Option.match({
        onNone: () => Effect.succeed(fallback),
        onSome: (text) => {
          const url = URL.canParse(text.trim()) ? new URL(text.trim()) : undefined
          return url && (url.protocol === "http:" || url.protocol === "https:")
            ? Effect.succeed(url.toString().replace(/\/+$/, ""))
            : Effect.fail(invalid(name, "must be an http(s) URL"))
        },
      }),
    ),
  )

const timeoutMs = optionalText("IRACING_TIMEOUT_SECONDS").pipe(
  Effect.flatMap(
    Option.match({
      onNone: () => Effect.succeed(defaultIracingSettings.timeoutMs),
      onSome: (text) => {
        const seconds = Number(text.trim())
        return Number.isFinite(seconds) && seconds >= 1 && seconds <= 300
          ? Effect.succeed(Math.round(seconds * 1000))
          : Effect.fail(invalid("IRACING_TIMEOUT_SECONDS", "must be a number of seconds between 1 and 300"))
      },
    }),
  ),
)

/** All four credentials or none; a partial set names exactly the missing ones. */
const credentials = Effect.gen(function* () {
  const values = yield* Effect.forEach(IRACING_CREDENTIAL_VARIABLES, optionalText)
  const missing = IRACING_CREDENTIAL_VARIABLES.filter((_, i) => Option.isNone(values[i]!))
  if (missing.length === IRACING_CREDENTIAL_VARIABLES.length) return Option.none<IracingCredentials>()
  if (missing.length > 0) return yield* Effect.fail(new IracingConfigProblem(missing, "missing", ""))
  const [clientId, clientSecret, username, password] = values.map(Option.getOrThrow) as [string, string, string, string]
  return Option.some<IracingCredentials>({
    clientId: clientId.trim(),
    clientSecret: Redacted.make(clientSecret),
    username: username.trim(),
    password: Redacted.make(password),
  })
})

/** Reads the IRACING_* variables from the current ConfigProvider. */
export const loadIracingSettings: Effect.Effect<IracingSettings, IracingConfigProblem> = Effect.gen(function* () {
  return {
    ...defaultIracingSettings,
    credentials: yield* credentials,
    dataUrl: yield* optionalUrl("IRACING_DATA_URL", IRACING_DATA_URL),
    oauthUrl: yield* optionalUrl("IRACING_OAUTH_URL", IRACING_OAUTH_URL),
    timeoutMs: yield* timeoutMs,
  }
})

export const loadIracingSettingsFromEnvironment = (env: NodeJS.ProcessEnv = process.env) =>
  loadIracingSettings.pipe(
    Effect.withConfigProvider(
      ConfigProvider.fromMap(new Map(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined))),
    ),
  )
