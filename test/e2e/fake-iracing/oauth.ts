// The fake's OAuth server: password_limited and refresh_token grants checked like iRacing does,
// against MASKED values, with single-use refresh tokens and a count of full logins.
import { createHash, randomBytes } from "node:crypto"

export interface FakeCredentials {
  clientId: string
  clientSecret: string
  username: string
  password: string
}

export interface IssuedTokens {
  accessToken: string
  refreshToken: string
  grant: "password_limited" | "refresh_token"
  at: number
}

interface Held {
  expiresAt: number
  used: boolean
}

/** Written out again here on purpose, so a bug in the adapter's copy cannot hide in both. */
export const fakeMask = (secret: string, id: string): string =>
  createHash("sha256").update(`${secret}${id.trim().toLowerCase()}`, "utf8").digest("base64")

export interface OAuthReply {
  status: number
  body: unknown
}

const refuse = (status: number, error: string, description: string): OAuthReply => ({
  status,
  body: { error, error_description: description },
})

export class FakeOAuth {
  fullLogins = 0
  refreshes = 0
  refusedRefreshes = 0
  refusedLogins = 0
  accessTokenTtlSeconds = 600
  refreshTokenTtlSeconds = 3600
  readonly issued: IssuedTokens[] = []
  private readonly access = new Map<string, Held>()
  private readonly refresh = new Map<string, Held>()

  constructor(readonly credentials: FakeCredentials) {}

  handle(form: URLSearchParams, now = Date.now()): OAuthReply {
    const { clientId, clientSecret, username, password } = this.credentials
    if (form.get("client_id") !== clientId || form.get("client_secret") !== fakeMask(clientSecret, clientId)) {
      return refuse(401, "invalid_client", "client authentication failed")
    }
    const grant = form.get("grant_type")
    if (grant === "password_limited") {
      const user = form.get("username") ?? ""
      if (user.trim().toLowerCase() !== username.trim().toLowerCase() || form.get("password") !== fakeMask(password, username)) {
        this.refusedLogins++
        return refuse(400, "invalid_grant", "invalid username or password")
      }
      if (form.get("scope") !== "iracing.auth") return refuse(400, "invalid_scope", "scope not allowed")
      this.fullLogins++
      return this.issue("password_limited", now)
    }
    if (grant === "refresh_token") {
      const held = this.refresh.get(form.get("refresh_token") ?? "")
      if (held === undefined || held.used || held.expiresAt <= now) {
        this.refusedRefreshes++
        return refuse(400, "invalid_grant", "refresh token is invalid, expired or already used")
      }
      held.used = true
      this.refreshes++
      return this.issue("refresh_token", now)
    }
    return refuse(400, "unsupported_grant_type", "grant type not supported")
  }

  isValidAccessToken(token: string, now = Date.now()): boolean {
    const held = this.access.get(token)
    return held !== undefined && held.expiresAt > now
  }

  /** Every access token issued so far stops working, as if it had expired. */
  expireAccessTokens(): void {
    for (const held of this.access.values()) held.expiresAt = 0
  }

  private issue(grant: IssuedTokens["grant"], now: number): OAuthReply {
    const accessToken = `at_${randomBytes(18).toString("base64url")}`
    const refreshToken = `rt_${randomBytes(18).toString("base64url")}`
    this.access.set(accessToken, { expiresAt: now + this.accessTokenTtlSeconds * 1000, used: false })
    this.refresh.set(refreshToken, { expiresAt: now + this.refreshTokenTtlSeconds * 1000, used: false })
    this.issued.push({ accessToken, refreshToken, grant, at: now })
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: this.accessTokenTtlSeconds,
        refresh_token: refreshToken,
        refresh_token_expires_in: this.refreshTokenTtlSeconds,
        scope: "iracing.auth",
      },
    }
  }
}
