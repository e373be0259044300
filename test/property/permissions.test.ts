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

  it("GIVEN a grant naming the member or any one of their roles THEN that module opens for them", () => {
    fc.assert(fc.property(actorArb, fc.array(grantArb), fc.constantFrom(...MODULES), (actor, grants, module) => {
      const plain = { ...actor, managesServer: false }
      const subjects = [{ subjectType: "user" as const, subjectId: plain.userId }, ...plain.roleIds.map((roleId) => ({ subjectType: "role" as const, subjectId: roleId }))]
      for (const subject of subjects) expect(canAdminister(plain, module, [...grants, { module, ...subject }])).toBe(true)
    }))
  })

  it("GIVEN grants naming only other members and roles THEN nothing opens or closes for this member", () => {
    fc.assert(fc.property(actorArb, fc.array(grantArb), fc.array(grantArb), fc.constantFrom(...MODULES), (actor, grants, others, module) => {
      const plain = { ...actor, managesServer: false }
      const namesSomeoneElse = (grant: ModuleGrant) => (grant.subjectType === "user" ? grant.subjectId !== plain.userId : !plain.roleIds.includes(grant.subjectId))
      expect(canAdminister(plain, module, [...grants, ...others.filter(namesSomeoneElse)])).toBe(canAdminister(plain, module, grants))
      expect(canAdminister(plain, module, others.filter(namesSomeoneElse))).toBe(false)
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
