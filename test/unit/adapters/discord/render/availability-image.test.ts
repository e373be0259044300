import { execFileSync, spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { GlobalFonts, createCanvas, loadImage } from "@napi-rs/canvas"
import { beforeAll, describe, expect, it } from "vitest"
import { MAX_CELLS, countStates, layoutAvailability, renderAvailabilityPng, type Rect } from "../../../../../src/adapters/discord/render/availability-image.js"
import { type AvailabilityPicture, type CellState } from "../../../../../src/adapters/discord/render/availability-picture.js"
import { FONT_FAMILY } from "../../../../../src/adapters/discord/render/fonts.js"

// Known states for 1–199: a few of each non-free state, everything else alternating free/taken.
const KNOWN: Readonly<Record<number, CellState>> = {
  7: "reserved",
  13: "reserved",
  150: "reserved",
  12: "pending",
  43: "pending",
  188: "pending",
  42: "free",
  41: "taken",
}
const stateOf = (n: number): CellState => KNOWN[n] ?? (n % 3 === 0 ? "taken" : "free")
const range = (from: number, to: number, state: (n: number) => CellState = stateOf): AvailabilityPicture["cells"] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ label: String(from + i), state: state(from + i) }))

const picture199: AvailabilityPicture = { title: "GT3 Pro — 1–199", subtitle: "Season 14", cells: range(1, 199) }

type Rgb = readonly [number, number, number]

interface Decoded {
  readonly width: number
  readonly height: number
  readonly pixel: (x: number, y: number) => Rgb
}

const decode = async (png: Buffer): Promise<Decoded> => {
  const image = await loadImage(png)
  const canvas = createCanvas(image.width, image.height)
  const ctx = canvas.getContext("2d")
  ctx.drawImage(image, 0, 0)
  const { data } = ctx.getImageData(0, 0, image.width, image.height)
  return {
    width: image.width,
    height: image.height,
    pixel: (x, y) => {
      const i = (Math.round(y) * image.width + Math.round(x)) * 4
      return [data[i] ?? -1, data[i + 1] ?? -1, data[i + 2] ?? -1]
    },
  }
}

const distance = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])
const luminance = (c: Rgb): number => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]

/** Inside the border, at the middle of the cell's left edge: fill/pattern, never the number. */
const edgeSample = (img: Decoded, r: Rect): Rgb => img.pixel(r.x + 5, r.y + r.height / 2)

const rectOf = (picture: AvailabilityPicture, label: string): Rect => {
  const index = picture.cells.findIndex((c) => c.label === label)
  const rect = layoutAvailability(picture).cells[index]
  if (rect === undefined) throw new Error(`no cell ${label}`)
  return rect
}

/** Pixels in the central box of a cell (where the number is) whose luminance passes `test`. */
const countInCentre = (img: Decoded, r: Rect, test: (lum: number) => boolean): number => {
  let n = 0
  for (let y = r.y + r.height / 2 - 8; y <= r.y + r.height / 2 + 8; y++)
    for (let x = r.x + r.width / 2 - 14; x <= r.x + r.width / 2 + 14; x++) if (test(luminance(img.pixel(x, y)))) n++
  return n
}

/** Luminance spread along the cell's left margin strip, clear of the centred number. */
const marginSpread = (img: Decoded, r: Rect): number => {
  const lums: number[] = []
  for (let y = r.y + 4; y < r.y + r.height - 4; y++) for (let x = r.x + 4; x < r.x + 9; x++) lums.push(luminance(img.pixel(x, y)))
  return Math.max(...lums) - Math.min(...lums)
}

describe("renderAvailabilityPng, 1–199", () => {
  let png: Buffer
  let img: Decoded

  beforeAll(async () => {
    png = await renderAvailabilityPng(picture199)
    img = await decode(png)
  })

  it("is a PNG of the laid-out size, wide enough to read on a phone", () => {
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.toString("ascii", 12, 16)).toBe("IHDR")
    const layout = layoutAvailability(picture199)
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({
      width: layout.width,
      height: layout.height,
    })
    expect({ width: img.width, height: img.height }).toEqual({ width: layout.width, height: layout.height })
    expect(layout.width).toBeGreaterThanOrEqual(1000)
    expect(layout.width).toBeLessThanOrEqual(1400)
  })

  it("fills free, taken, pending and reserved cells with clearly different colours and lightness", () => {
    const samples = {
      free: edgeSample(img, rectOf(picture199, "42")),
      taken: edgeSample(img, rectOf(picture199, "41")),
      pending: edgeSample(img, rectOf(picture199, "43")),
      reserved: edgeSample(img, rectOf(picture199, "13")),
    }
    const states = Object.keys(samples) as CellState[]
    for (const a of states)
      for (const b of states) if (a < b) expect(distance(samples[a], samples[b]), `${a} vs ${b}`).toBeGreaterThan(60)
    // Greyscale order holds too: free is the lightest, taken the darkest.
    expect(luminance(samples.free)).toBeGreaterThan(200)
    expect(luminance(samples.taken)).toBeLessThan(50)
    expect(luminance(samples.reserved)).toBeLessThan(luminance(samples.free) - 30)
  })

  it("marks pending and reserved with a pattern, not only a colour; free and taken stay plain", () => {
    expect(marginSpread(img, rectOf(picture199, "43"))).toBeGreaterThan(25)
    expect(marginSpread(img, rectOf(picture199, "13"))).toBeGreaterThan(15)
    expect(marginSpread(img, rectOf(picture199, "42"))).toBeLessThan(6)
    expect(marginSpread(img, rectOf(picture199, "41"))).toBeLessThan(6)
  })

  it("draws each cell's number with the bundled font", () => {
    expect(GlobalFonts.has(FONT_FAMILY)).toBe(true)
    // Free "42": dark digits on a light tile. Taken "41": white digits on a dark tile.
    expect(countInCentre(img, rectOf(picture199, "42"), (l) => l < 100)).toBeGreaterThan(40)
    expect(countInCentre(img, rectOf(picture199, "41"), (l) => l > 200)).toBeGreaterThan(40)
    // The empty slot before "1" (rows start at multiples of 20) has no tile and no text.
    const first = rectOf(picture199, "1")
    const blankSlot: Rect = { ...first, x: first.x - first.width - 6 }
    expect(countInCentre(img, blankSlot, (l) => l < 30 || l > 200)).toBe(0)
  })
})

describe("layoutAvailability", () => {
  it("puts a consecutive range in rows of 20 starting at multiples of 20", () => {
    const layout = layoutAvailability(picture199)
    expect(layout.columns).toBe(20)
    expect(layout.leadingBlanks).toBe(1)
    const r1 = rectOf(picture199, "1")
    const r20 = rectOf(picture199, "20")
    const r40 = rectOf(picture199, "40")
    expect(r20.x).toBeLessThan(r1.x)
    expect(r20.y).toBeGreaterThan(r1.y)
    expect(r40.x).toBe(r20.x)
  })

  it("keeps every cell inside the image and apart from every other, even for 0–999", () => {
    const layout = layoutAvailability({ title: "t", cells: range(0, 999) })
    expect(layout.cells).toHaveLength(1000)
    const sorted = [...layout.cells].sort((a, b) => a.y - b.y || a.x - b.x)
    for (const r of layout.cells) {
      expect(r.x).toBeGreaterThanOrEqual(0)
      expect(r.y).toBeGreaterThan(layout.legendMidY)
      expect(r.x + r.width).toBeLessThanOrEqual(layout.width)
      expect(r.y + r.height).toBeLessThanOrEqual(layout.height)
    }
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1], sorted[i]]
      if (a === undefined || b === undefined) throw new Error("unreachable")
      const apart = a.y + a.height <= b.y || a.x + a.width <= b.x
      expect(apart).toBe(true)
    }
  })

  it("uses 10 larger columns for small classes and does not pad labels that are not a plain range", () => {
    const small = layoutAvailability({ title: "t", cells: range(1, 60) })
    expect(small.columns).toBe(10)
    expect(small.leadingBlanks).toBe(1)
    expect(small.cells[0]?.width).toBeGreaterThan(100)
    const odd = layoutAvailability({ title: "t", cells: [{ label: "01", state: "free" }, { label: "02", state: "free" }] })
    expect(odd.leadingBlanks).toBe(0)
    const gappy = layoutAvailability({ title: "t", cells: [{ label: "5", state: "free" }, { label: "9", state: "free" }] })
    expect(gappy.leadingBlanks).toBe(0)
  })

  it("refuses more cells than it can draw legibly", () => {
    expect(() => layoutAvailability({ title: "t", cells: range(0, MAX_CELLS) })).toThrow(RangeError)
  })
})

describe("legend and edge cases", () => {
  it("counts states from the cells", () => {
    expect(countStates(picture199.cells)).toEqual({ free: 129, taken: 64, pending: 3, reserved: 3 })
  })

  it("renders a 1000-cell class (0–999, mixed states) under 1 MB", async () => {
    const mixed = (n: number): CellState => (["free", "taken", "taken", "pending", "free", "reserved"] as const)[(n * 7) % 6] ?? "free"
    const png = await renderAvailabilityPng({ title: "Open — 0–999", cells: range(0, 999, mixed) })
    expect(png.length).toBeLessThan(1_000_000)
    expect(png.readUInt32BE(16)).toBeLessThanOrEqual(1400)
  })

  it("renders an empty class, an overlong title and labels that are not numbers", async () => {
    for (const picture of [
      { title: "Empty", cells: [] },
      { title: "A".repeat(300), subtitle: "ß ł ő ü — – ·", cells: [{ label: "7A", state: "free" as const }] },
      { title: "Long labels", cells: [{ label: "123456789", state: "taken" as const }] },
    ]) {
      const png = await renderAvailabilityPng(picture)
      expect(png.subarray(1, 4).toString("ascii")).toBe("PNG")
    }
  })
})

// Hiding the system fonts needs a private mount namespace (root on Linux, as on CI here). Elsewhere
// the check is skipped; the in-process tests above still prove the bundled font is what draws.
const fixture = fileURLToPath(new URL("./fixtures/render-without-system-fonts.ts", import.meta.url))
const fontDirs = ["/usr/share/fonts", "/usr/local/share/fonts"].filter((d) => existsSync(d))
const hideFonts = fontDirs.map((d) => `mount -t tmpfs tmpfs ${d}`).join(" && ") || "true"
const canHideFonts =
  process.platform === "linux" &&
  process.getuid?.() === 0 &&
  spawnSync("unshare", ["-m", "sh", "-c", hideFonts], { stdio: "ignore" }).status === 0

describe.runIf(canHideFonts)("on a machine without system fonts", () => {
  it("still draws the numbers with the bundled font", () => {
    const out = execFileSync(
      "unshare",
      ["-m", "sh", "-c", `${hideFonts} && exec "$0" --import tsx "$1"`, process.execPath, fixture],
      { encoding: "utf8", timeout: 20_000 },
    )
    const result = JSON.parse(out) as { systemFamilies: string[]; darkPixels: number }
    expect(result.systemFamilies).toEqual([])
    expect(result.darkPixels).toBeGreaterThan(40)
  })
})
