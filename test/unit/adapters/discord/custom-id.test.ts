import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { customIdRoute, IntField, LiteralField, parseCustomId, SnowflakeField } from "../../../../src/adapters/discord/custom-id.js"

const trade = customIdRoute("trade", { offer: IntField, answer: LiteralField("accept", "decline"), to: SnowflakeField })

const decode = (raw: string) => {
  const parsed = parseCustomId(raw)
  if (parsed._tag !== "Parsed") return parsed._tag
  return parsed.route === trade.route ? trade.decodeFields(parsed.fields) : "unknown route"
}

describe("custom_id codec", () => {
  it("GIVEN a value THEN encode then decode gives it back", () => {
    const id = trade.encode({ offer: 42, answer: "accept", to: "300000000000000001" })
    expect(id).toBe("1:trade:42:accept:300000000000000001")
    expect(decode(id)).toEqual(Either.right({ offer: 42, answer: "accept", to: "300000000000000001" }))
  })

  it("GIVEN an id from an older version THEN it is stale, not malformed", () => {
    expect(decode("0:trade:42:accept:300000000000000001")).toBe("Stale")
  })

  it("GIVEN forged or broken ids THEN they are refused", () => {
    expect(decode("")).toBe("Malformed")
    expect(decode("x".repeat(101))).toBe("Malformed")
    expect(decode("hello")).toBe("Malformed")
    expect(Either.isLeft(decode("1:trade:42:maybe:300000000000000001") as Either.Either<unknown, string>)).toBe(true)
    expect(Either.isLeft(decode("1:trade:-1:accept:300000000000000001") as Either.Either<unknown, string>)).toBe(true)
    expect(Either.isLeft(decode("1:trade:42:accept") as Either.Either<unknown, string>)).toBe(true)
    expect(Either.isLeft(decode("1:trade:42:accept:12") as Either.Either<unknown, string>)).toBe(true)
  })

  it("GIVEN a value that would exceed 100 characters THEN encoding throws instead of sending it", () => {
    const long = customIdRoute("long", { text: Schema.String })
    expect(() => long.encode({ text: "a".repeat(100) })).toThrow(/100/)
    expect(() => long.encode({ text: "a:b" })).toThrow(/contains/)
  })
})
