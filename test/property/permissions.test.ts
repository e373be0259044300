import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { administeredModules, canAdminister, MODULES, type Actor, type ModuleGrant } from "../../src/domain/permissions.js"

const id = fc.constantFrom("1", "2", "3", "4")
const grantArb: fc.Arbitrary<ModuleGrant> = fc.record({
  module: fc.constantFrom(...MODULES),
  subjectType: fc.constantFrom("role" as const, "user" as const),
  subjectId: id,
})
const actorArb: fc.Arbitrary<Actor> = fc.record({ userId: id, roleIds: fc.array(id, { maxLength: 3 }), managesServer: fc.boolean() })

describe("module permissions", () => {
  it("server managers administer every module whatever the grants", () => {
    fc.assert(fc.property(actorArb, fc.array(grantArb), (actor, grants) => {
      expect(administeredModules({ ...actor, managesServer: true }, grants)).toEqual(MODULES)
    }))
  })

  it("otherwise a module is administered exactly when a grant names the member or one of their roles", () => {
    fc.assert(fc.property(actorArb, fc.array(grantArb), fc.constantFrom(...MODULES), (actor, grants, module) => {
      const plain = { ...actor, managesServer: false }
      const expected = grants.some((g) => g.module === module && (g.subjectType === "user" ? g.subjectId === plain.userId : plain.roleIds.includes(g.subjectId)))
      expect(canAdminister(plain, module, grants)).toBe(expected)
    }))
  })

  it("a grant for one module never opens another", () => {
    fc.assert(fc.property(actorArb, fc.constantFrom(...MODULES), fc.constantFrom(...MODULES), (actor, granted, asked) => {
      fc.pre(granted !== asked)
      const plain = { ...actor, managesServer: false }
      expect(canAdminister(plain, asked, [{ module: granted, subjectType: "user", subjectId: plain.userId }])).toBe(false)
    }))
  })
})
