import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { checkInWindow } from "../../../src/domain/race-night/check-in.js"
import { PARTICIPANT_STATES, type ParticipantSnapshot, applyParticipantEvent, participantState } from "../../../src/machines/participant.js"
import { PARTICIPANT_MACHINE_VERSION, persistParticipant, restoreParticipant } from "../../../src/machines/participant-persistence.js"
import { ADMIN, AFTER_START, CHECK_IN_OPEN, DETAILS, registrationOf } from "../../fixtures/participant/sample.js"

const FIXTURES = join(import.meta.dirname, "../../fixtures/participant")
const fixtureFiles = readdirSync(FIXTURES).filter((name) => name.endsWith(".json")).sort()
const readFixture = (name: string): string => readFileSync(join(FIXTURES, name), "utf8")

const restored = (json: unknown): ParticipantSnapshot =>
  Either.getOrThrowWith(restoreParticipant(json), (p) => new Error(p.message))
const problem = (json: unknown): string => {
  const r = restoreParticipant(json)
  if (Either.isRight(r)) throw new Error("expected the stored participant to be refused")
  return r.left.message
}

describe("stored participant fixtures", () => {
  it("include every state of the machine", () => {
    expect(new Set(fixtureFiles.map((name) => JSON.parse(readFixture(name)).value))).toEqual(new Set(PARTICIPANT_STATES))
  })

  it.each(fixtureFiles)("%s restores to its state and context, stores back the same, and can carry on", (name) => {
    const stored = JSON.parse(readFixture(name))
    const snapshot = restored(readFixture(name))
    expect(participantState(snapshot)).toBe(stored.value)
    expect(snapshot.context).toEqual(stored.context)
    if (stored.version === PARTICIPANT_MACHINE_VERSION) expect(persistParticipant(snapshot)).toEqual(stored)
    // Every stored state accepts at least one event (nothing is a dead end).
    const next =
      participantState(snapshot) === "grid" || participantState(snapshot) === "waitlist"
        ? applyParticipantEvent(snapshot, { type: "REMOVE", actorId: ADMIN, at: AFTER_START })
        : applyParticipantEvent(snapshot, {
            type: "REGISTER", eventId: "ev1", memberId: snapshot.context.memberId, to: "waitlist",
            registration: registrationOf("Back Again"),
            queueNumber: 99, actorId: ADMIN, at: AFTER_START,
          })
    expect(next).toHaveProperty("next")
  })
})

describe("restoring damaged or foreign data", () => {
  const good = JSON.parse(readFixture("v1-grid.json"))
  const withContext = (changes: object) => ({ ...good, context: { ...good.context, ...changes } })

  it("GIVEN a snapshot WHEN persisted as a string or object THEN both restore to the same participant", () => {
    const snapshot = restored(good)
    expect(restored(JSON.stringify(persistParticipant(snapshot))).context).toEqual(snapshot.context)
  })

  it.each([
    ["not JSON", "{nope", /not valid JSON/],
    ["another machine", { ...good, machine: "claim" }, /wrong shape/],
    ["a newer version", { ...good, version: PARTICIPANT_MACHINE_VERSION + 1 }, /newer than this bot/],
    ["version 0", { ...good, version: 0 }, /wrong shape/],
    ["an unknown state", { ...good, value: "podium" }, /damaged/],
    ["negative check-outs", withContext({ checkouts: -1 }), /damaged/],
    ["a history ending elsewhere", { ...good, value: "waitlist" }, /history does not end in the stored state/],
    ["a grid member without registration", withContext({ registration: null }), /no registration/],
    ["a withdrawn member still checked in", { ...withContext({ checkedIn: true, history: [...good.context.history, { ...good.context.history[0], action: "withdraw", status: "withdrawn" }] }), value: "withdrawn" }, /checked in/],
    ["an unregistered member with history", { ...good, value: "unregistered" }, /unregistered participant has/],
  ])("GIVEN %s THEN it is refused with a reason", (_, json, reason) => {
    expect(problem(json)).toMatch(reason)
  })

  it("GIVEN a restored grid driver WHEN check-in is open THEN they can check in, as before the restart", () => {
    const s = restored(good)
    const r = applyParticipantEvent(s, { type: "CHECK_IN", window: checkInWindow(DETAILS), actorId: s.context.memberId, at: CHECK_IN_OPEN })
    expect(r).toHaveProperty("next")
  })
})
