/**
 * The layer rule, checked on every import in src/ (type-only imports included: a type names its
 * layer as much as a value does). From the bottom up:
 *
 * - `src/shared`: what every layer may read and none owns (the Metrics service's interface, the
 *   release version). Imports nothing else from src/.
 * - `src/domain`: the rules. Imports only shared.
 * - `src/machines`: the XState machines. Imports domain and shared.
 * - driven adapters, which the use cases call (`src/adapters/sqlite`, `postgres`, `iracing`):
 *   import domain, machines, shared and each other; never src/app.
 * - `src/app`, the use cases: import everything above, never a driving adapter.
 * - driving adapters, which call the use cases (`src/adapters/discord`: an interaction runs a use
 *   case; `src/adapters/monitoring`: /health and /metrics read the app's state): import everything
 *   above.
 * - the composition root (`src/app/pitboard.ts`, `src/app/main.ts`), which builds the one layer
 *   from all of them: imports anything, and nothing imports it.
 *
 * Inside the Discord adapter, a view (`*-view.ts`, `*-views.ts`) renders; it never imports a
 * handler (`*-command(s).ts`, `*-routes.ts`, `*-forms.ts`, `*-feature.ts`): both import the
 * feature's `*-ids.ts`. And a handler returns its answer as a Reply: only `reply.ts` (which sends
 * Replies, refusals and apologies) and `discord-client.ts` (the notice to an interaction that
 * arrives while the bot stops, before any router) call Discord's answer methods.
 */
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const ROOT = resolve(import.meta.dirname, "../..")
const SRC = join(ROOT, "src")

type Layer = "shared" | "domain" | "machines" | "driven adapter" | "app" | "driving adapter" | "composition root"

const COMPOSITION_ROOT = ["src/app/pitboard.ts", "src/app/main.ts"]
const DRIVEN = ["sqlite", "postgres", "iracing"]
const DRIVING = ["discord", "monitoring"]

/** The layer of a file under src/, by its path; undefined for a file outside every layer (a test fails on it). */
const layerOf = (path: string): Layer | undefined => {
  if (COMPOSITION_ROOT.includes(path)) return "composition root"
  const [top, area, adapter] = path.split("/")
  if (top !== "src") return undefined
  if (area === "shared" || area === "domain" || area === "machines" || area === "app") return area
  if (area === "adapters" && adapter !== undefined) {
    if (DRIVEN.includes(adapter)) return "driven adapter"
    if (DRIVING.includes(adapter)) return "driving adapter"
  }
  return undefined
}

const MAY_IMPORT: Record<Layer, ReadonlyArray<Layer>> = {
  shared: ["shared"],
  domain: ["shared", "domain"],
  machines: ["shared", "domain", "machines"],
  "driven adapter": ["shared", "domain", "machines", "driven adapter"],
  app: ["shared", "domain", "machines", "driven adapter", "app"],
  "driving adapter": ["shared", "domain", "machines", "driven adapter", "app", "driving adapter"],
  "composition root": ["shared", "domain", "machines", "driven adapter", "app", "driving adapter", "composition root"],
}

const VIEW = /-views?\.ts$/
const HANDLER = /-(commands?|routes|forms|feature)\.ts$/

const filesUnder = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return entry.name.endsWith(".ts") ? [path] : []
  })

/** Every relative import of a file (static, type-only, re-export, dynamic), as paths from the repository's root. */
const importsOf = (file: string, text: string): string[] =>
  [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)].map((match) =>
    relative(ROOT, resolve(dirname(file), match[1]!)).replace(/\.js$/, ".ts"),
  )

const edges = filesUnder(SRC).flatMap((file) => {
  const from = relative(ROOT, file)
  return importsOf(file, readFileSync(file, "utf8")).map((to) => ({ from, to }))
})

/** The imports among `imports` that reach up to a higher layer, written for a failure message. */
const upwardOf = (imports: ReadonlyArray<{ readonly from: string; readonly to: string }>): string[] =>
  imports
    .filter(({ from, to }) => {
      const own = layerOf(from)
      const theirs = layerOf(to)
      return own !== undefined && theirs !== undefined && !MAY_IMPORT[own].includes(theirs)
    })
    .map(({ from, to }) => `${from} (${layerOf(from)}) imports ${to} (${layerOf(to)})`)

describe("the layer rule", () => {
  it("GIVEN the import reader THEN it finds static, type-only, re-exported and dynamic imports, and none in a string", () => {
    const file = join(SRC, "app/x.ts")
    const text = [
      `import { a } from "../domain/a.js"`,
      `import type { B } from "./b.js"`,
      `export { c } from "../adapters/discord/c.js"`,
      `const d = await import("../machines/d.js")`,
      `import "./e.js"`,
      `const note = "see ./f.js"`,
    ].join("\n")
    expect(importsOf(file, text)).toEqual(["src/domain/a.ts", "src/app/b.ts", "src/adapters/discord/c.ts", "src/machines/d.ts", "src/app/e.ts"])
  })

  it("GIVEN the layers THEN each folder is placed as the rule says, and an import the rule forbids is caught", () => {
    expect(layerOf("src/adapters/sqlite/database.ts")).toBe("driven adapter")
    expect(layerOf("src/adapters/discord/router.ts")).toBe("driving adapter")
    expect(layerOf("src/app/pitboard.ts")).toBe("composition root")
    expect(MAY_IMPORT["driven adapter"]).not.toContain("app")
    expect(MAY_IMPORT.domain).not.toContain("machines")
    expect(MAY_IMPORT.app).not.toContain("driving adapter")
    expect(
      upwardOf([
        { from: "src/adapters/sqlite/database.ts", to: "src/app/metrics.ts" },
        { from: "src/domain/numbers/claims.ts", to: "src/machines/claim.ts" },
        { from: "src/app/numbers/claim-use-cases.ts", to: "src/domain/numbers/claims.ts" },
      ]),
    ).toEqual([
      "src/adapters/sqlite/database.ts (driven adapter) imports src/app/metrics.ts (app)",
      "src/domain/numbers/claims.ts (domain) imports src/machines/claim.ts (machines)",
    ])
  })

  it("GIVEN every file in src THEN it belongs to a layer", () => {
    const unplaced = filesUnder(SRC)
      .map((file) => relative(ROOT, file))
      .filter((path) => layerOf(path) === undefined)
    expect(unplaced).toEqual([])
  })

  it("GIVEN every import in src THEN none reaches up to a higher layer", () => {
    expect(upwardOf(edges)).toEqual([])
  })

  it("GIVEN the composition root THEN nothing outside it imports it", () => {
    const intoRoot = edges.filter(({ from, to }) => COMPOSITION_ROOT.includes(to) && !COMPOSITION_ROOT.includes(from))
    expect(intoRoot).toEqual([])
  })

  it("GIVEN a view in the Discord adapter THEN it imports no handler", () => {
    const viewsOnHandlers = edges
      .filter(({ from, to }) => from.startsWith("src/adapters/discord/") && VIEW.test(from) && HANDLER.test(to))
      .map(({ from, to }) => `${from} imports ${to}`)
    // The patterns must still match real files, or this check would pass on nothing.
    expect(edges.some(({ from }) => VIEW.test(from))).toBe(true)
    expect(edges.some(({ to }) => HANDLER.test(to))).toBe(true)
    expect(viewsOnHandlers).toEqual([])
  })

  it("GIVEN the Discord adapter THEN only reply.ts and the client's shutdown notice answer an interaction by hand", () => {
    const answerCall = /(?:\binteraction|\(interaction as \w+\))\.(reply|update|deferReply|deferUpdate|showModal|editReply|followUp)\(/
    expect(answerCall.test("yield* Effect.promise(() => interaction.showModal(form))")).toBe(true)
    expect(answerCall.test("(interaction as MessageComponentInteraction).deferUpdate()")).toBe(true)
    expect(answerCall.test("metrics.followUp(kind)")).toBe(false)
    const byHand = filesUnder(join(SRC, "adapters/discord"))
      .map((file) => relative(ROOT, file))
      .filter((path) => !["src/adapters/discord/reply.ts", "src/adapters/discord/discord-client.ts"].includes(path))
      .filter((path) => answerCall.test(readFileSync(join(ROOT, path), "utf8")))
    expect(byHand).toEqual([])
  })
})
