import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import type { IracingCredentials } from "../../../../src/adapters/iracing/config.js"
import { mask } from "../../../../src/adapters/iracing/mask.js"
import { openTokens, sealTokens, type TokenPair } from "../../../../src/adapters/iracing/token-vault.js"
import { fakeMask } from "../../../e2e/fake-iracing/oauth.js"

describe("iRacing secret masking", () => {
  // Vectors from aydsko's OAuthPasswordLimitedAuthenticatingHttpClientTests.cs, re-checked in the reference.
  it("GIVEN the password vector THEN it matches aydsko's expected value", () => {
    expect(mask("SuperSecretPassword", "test.user@example.com")).toBe("nXmEFCdpHheD1R3XBVkm6VQavR7ZLbW7SRmzo/MfFso=")
  })

  it("GIVEN the client secret vector THEN it matches aydsko's expected value", () => {
    expect(mask("Secret-Client-Password", "UnitTestApp")).toBe("D2GfmYK/nC8zeQPkpV2uGkk13hL0/LTQH44hiJKawCo=")
  })

  it("GIVEN an id with case and spaces THEN it is normalized, and the fake agrees", () => {
    expect(mask("SuperSecretPassword", "  Test.User@Example.COM ")).toBe("nXmEFCdpHheD1R3XBVkm6VQavR7ZLbW7SRmzo/MfFso=")
    expect(fakeMask("Secret-Client-Password", "UnitTestApp")).toBe(mask("Secret-Client-Password", "UnitTestApp"))
  })
})

describe("iRacing token sealing", () => {
  const credentials: IracingCredentials = {
    clientId: "pitboard",
    clientSecret: Redacted.make("client-secret"),
    username: "bot@example.com",
    password: Redacted.make("pw"),
  }
  const pair: TokenPair = {
    accessToken: Redacted.make("at_plain_access_token"),
    accessExpiresAt: 1_800_000_000_000,
    refreshToken: Redacted.make("rt_plain_refresh_token"),
    refreshExpiresAt: 1_800_003_000_000,
    via: "login",
  }

  it("GIVEN a sealed pair THEN it opens with the same credentials and hides the tokens", () => {
    const sealed = sealTokens(pair, credentials)
    expect(sealed).not.toContain("at_plain")
    expect(Buffer.from(sealed.slice(3), "base64url").toString("latin1")).not.toContain("plain")
    const opened = Option.getOrThrow(openTokens(sealed, credentials))
    expect(Redacted.value(opened.accessToken)).toBe("at_plain_access_token")
    expect(Redacted.value(opened.refreshToken!)).toBe("rt_plain_refresh_token")
    expect(opened).toMatchObject({ accessExpiresAt: pair.accessExpiresAt, refreshExpiresAt: pair.refreshExpiresAt, via: "login" })
  })

  it("GIVEN another secret, another account or a damaged row THEN nothing opens", () => {
    const sealed = sealTokens(pair, credentials)
    expect(openTokens(sealed, { ...credentials, clientSecret: Redacted.make("other") })).toEqual(Option.none())
    expect(openTokens(sealed, { ...credentials, username: "someone@else.com" })).toEqual(Option.none())
    expect(openTokens(sealed.slice(0, -4) + "AAAA", credentials)).toEqual(Option.none())
    expect(openTokens("garbage", credentials)).toEqual(Option.none())
  })

  it("GIVEN the same pair sealed twice THEN the payloads differ (fresh salt and IV each time)", () => {
    expect(sealTokens(pair, credentials)).not.toBe(sealTokens(pair, credentials))
  })
})
