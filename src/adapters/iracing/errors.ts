import * as Data from "effect/Data"

/** The four variables that turn iRacing on; every message that asks for a fix names them exactly. */
export const IRACING_CREDENTIAL_VARIABLES = [
  "IRACING_CLIENT_ID",
  "IRACING_CLIENT_SECRET",
  "IRACING_USERNAME",
  "IRACING_PASSWORD",
] as const

export type IracingCredentialVariable = (typeof IRACING_CREDENTIAL_VARIABLES)[number]

export const joinNames = (names: ReadonlyArray<string>): string =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`

const utc = (epochMs: number): string => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z")

/** Credentials are not configured: the bot runs, iRacing features say how to turn them on. */
export class IracingDisabled extends Data.TaggedError("IracingDisabled")<{}> {
  readonly variables: ReadonlyArray<IracingCredentialVariable> = IRACING_CREDENTIAL_VARIABLES
  override get message(): string {
    return `iRacing features are off. To turn them on, set ${joinNames(this.variables)} (see .env.example).`
  }
}

/** iRacing answered 503 "Site Maintenance" (JSON or HTML); callers should stop, not retry. */
export class IracingMaintenance extends Data.TaggedError("IracingMaintenance")<{ readonly operation: string }> {
  override get message(): string {
    return "iRacing is in maintenance. Try again once it is back (usually within a few hours)."
  }
}

/** The request quota is used up and the reset is further away than Pitboard is willing to wait. */
export class IracingRateLimited extends Data.TaggedError("IracingRateLimited")<{
  readonly operation: string
  /** Epoch milliseconds when iRacing says the quota refills. */
  readonly resetAt: number
}> {
  override get message(): string {
    return `iRacing's request limit is used up until ${utc(this.resetAt)}. Try again after that.`
  }
}

/** Any other failure to get an answer: `status` is the HTTP status, or null when no answer arrived. */
export class IracingUnavailable extends Data.TaggedError("IracingUnavailable")<{
  readonly operation: string
  readonly status: number | null
}> {
  override get message(): string {
    if (this.status === null) return "iRacing could not be reached. Check the network, or try again later."
    if (this.status === 403) return "iRacing refused access (403): the league may be private to the bot's account."
    if (this.status === 404) return "iRacing does not know that (404): check the league or member id."
    return `iRacing answered with an error (HTTP ${this.status}). Try again later.`
  }
}

/**
 * iRacing refused the credentials or the token. `reason` is Pitboard's own wording chosen from the
 * OAuth error code, never the server's text, so nothing the user typed can be echoed back.
 */
/**
 * iRacing's data API answered with a download link, but fetching that link (a presigned file on
 * iRacing's storage host) failed. Not the league or member id: iRacing already accepted those.
 */
export class IracingDownloadFailed extends Data.TaggedError("IracingDownloadFailed")<{
  readonly operation: string
  readonly status: number
}> {
  override get message(): string {
    return `iRacing answered, but downloading its data from iRacing's storage failed (HTTP ${this.status}). The league and ids are fine; try again in a few minutes.`
  }
}

export class IracingAuthFailed extends Data.TaggedError("IracingAuthFailed")<{
  readonly reason: string
  readonly variables: ReadonlyArray<IracingCredentialVariable>
}> {
  override get message(): string {
    return `iRacing refused the login: ${this.reason}. Check ${joinNames(this.variables)}.`
  }
}

export class IracingTimeout extends Data.TaggedError("IracingTimeout")<{
  readonly operation: string
  readonly afterMs: number
}> {
  override get message(): string {
    return `iRacing did not answer within ${Math.round(this.afterMs / 100) / 10} s. Try again later.`
  }
}

/** A payload failed its Schema: `path` names the field (e.g. `roster[3].cust_id`). */
export class IracingBadPayload extends Data.TaggedError("IracingBadPayload")<{
  readonly endpoint: string
  readonly path: string
  readonly problem: string
}> {
  override get message(): string {
    return `iRacing sent an answer to ${this.endpoint} that Pitboard does not understand: ${this.path} ${this.problem}.`
  }
}

export type IracingError =
  | IracingDisabled
  | IracingMaintenance
  | IracingRateLimited
  | IracingUnavailable
  | IracingDownloadFailed
  | IracingAuthFailed
  | IracingTimeout
  | IracingBadPayload
