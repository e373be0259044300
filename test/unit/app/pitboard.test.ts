import { describe, expect, it } from "vitest"
import type { Access } from "../../../src/adapters/discord/command.js"
import { productFeatures } from "../../../src/app/pitboard.js"
import { MODULES } from "../../../src/domain/permissions.js"

const moduleOf = (access: Access) => (typeof access === "object" ? access.admin : undefined)

describe("admin modules", () => {
  it("GIVEN every command path and component Pitboard ships THEN each module /permissions can grant guards at least one of them, and none guards a module it can't grant", () => {
    const guarded = new Set(
      productFeatures.flatMap((feature) => [
        ...feature.commands.flatMap((command) => command.paths.map((path) => moduleOf(path.access))),
        ...feature.components.map((component) => moduleOf(component.access)),
      ]),
    )
    guarded.delete(undefined)
    expect([...guarded].sort()).toEqual([...MODULES].sort())
  })
})
