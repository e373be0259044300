import { createCanvas, type Canvas, type CanvasPattern, type SKRSContext2D } from "@napi-rs/canvas"
import type { AvailabilityCell, AvailabilityPicture, CellState } from "./availability-picture.js"
import { ensureFonts, font, type FontWeight } from "./fonts.js"


export interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface AvailabilityLayout {
  readonly width: number
  readonly height: number
  readonly columns: number
  /** Empty slots before the first cell, so that a row of consecutive numbers starts at a multiple of `columns`. */
  readonly leadingBlanks: number
  readonly cellFontPx: number
  readonly titleBaseline: number
  readonly subtitleBaseline: number | undefined
  /** Vertical centre line of the legend row. */
  readonly legendMidY: number
  readonly grid: Rect
  /** `cells[i]` is where `picture.cells[i]` is drawn. */
  readonly cells: ReadonlyArray<Rect>
}

/** Legend order: what a member is looking for first. */
export const STATE_ORDER: ReadonlyArray<CellState> = ["free", "pending", "reserved", "taken"]

const STATE_NAME: Readonly<Record<CellState, string>> = {
  free: "Free",
  pending: "Pending",
  reserved: "Reserved",
  taken: "Taken",
}

/**
 * Above this the image would pass ~3,000px in height and Discord's preview turns into a sliver;
 * a class that big is a caller bug (iRacing numbers stop at 999), so it is refused rather than drawn.
 */
export const MAX_CELLS = 2000

export const countStates = (cells: ReadonlyArray<AvailabilityCell>): Record<CellState, number> => {
  const counts: Record<CellState, number> = { free: 0, taken: 0, pending: 0, reserved: 0 }
  for (const cell of cells) counts[cell.state] += 1
  return counts
}

// ---------------------------------------------------------------------------------------------
// Geometry. Discord previews images ~400px wide and opens them at full size on tap, so the image
// is ~1,300px wide: a 20-column row of 3-digit numbers still reads when zoomed on a phone.

const PAD = 40
const GAP = 6
/** Splits each row into halves (x0–x9 | x10–x19) so a number's column can be found at a glance. */
const GUTTER = 10
/** Separates hundreds (100–199 | 200–299 …) in big classes, for the same reason. */
const BLOCK_GAP = 14
const GRID_WIDTH = 1244
const TITLE_PX = 40
const SUBTITLE_PX = 22
const LEGEND_PX = 22
const SWATCH_W = 40
const SWATCH_H = 30

interface GridSpec {
  readonly columns: number
  readonly cellHeight: number
  readonly fontPx: number
}

// Few cells get big tiles (and 0–9 per row); more get 20 per row, still with room for "999".
const gridSpec = (cellCount: number): GridSpec =>
  cellCount <= 100 ? { columns: 10, cellHeight: 62, fontPx: 28 } : { columns: 20, cellHeight: 44, fontPx: 21 }

const CANONICAL_UINT = /^(0|[1-9]\d*)$/

/**
 * When the labels are consecutive whole numbers (the usual case: a class's range), pad the start
 * so rows begin at multiples of the column count: 1–199 then reads 1…19 / 20…39 / …, like a table.
 * Labels like "07" are left to flow, since their position would not mean anything.
 */
const leadingBlanksFor = (cells: ReadonlyArray<AvailabilityCell>, columns: number): number => {
  const first = cells[0]
  if (first === undefined || !CANONICAL_UINT.test(first.label)) return 0
  const start = Number(first.label)
  for (let i = 1; i < cells.length; i++) {
    const cell = cells[i]
    if (cell === undefined || !CANONICAL_UINT.test(cell.label) || Number(cell.label) !== start + i) return 0
  }
  return start % columns
}

export const layoutAvailability = (picture: AvailabilityPicture): AvailabilityLayout => {
  const count = picture.cells.length
  if (count > MAX_CELLS) throw new RangeError(`availability picture has ${count} cells; at most ${MAX_CELLS}`)
  const { columns, cellHeight, fontPx } = gridSpec(count)
  const cellWidth = Math.floor((GRID_WIDTH - GUTTER - (columns - 1) * GAP) / columns)
  const gridWidth = columns * cellWidth + (columns - 1) * GAP + GUTTER
  const width = gridWidth + 2 * PAD
  const blockRows = Math.max(1, Math.round(100 / columns))

  let y = PAD
  const titleBaseline = y + TITLE_PX
  y = titleBaseline + 10
  let subtitleBaseline: number | undefined
  if (picture.subtitle !== undefined && picture.subtitle !== "") {
    subtitleBaseline = y + SUBTITLE_PX + 4
    y = subtitleBaseline + 8
  }
  const legendMidY = y + 18 + SWATCH_H / 2
  y = legendMidY + SWATCH_H / 2 + 26

  const gridX = PAD
  const gridY = y
  const leadingBlanks = leadingBlanksFor(picture.cells, columns)
  const slotX = (col: number): number => gridX + col * (cellWidth + GAP) + (col >= columns / 2 ? GUTTER : 0)
  const slotY = (row: number): number => gridY + row * (cellHeight + GAP) + Math.floor(row / blockRows) * BLOCK_GAP

  const cells: Rect[] = []
  for (let i = 0; i < count; i++) {
    const slot = i + leadingBlanks
    const row = Math.floor(slot / columns)
    cells.push({ x: slotX(slot % columns), y: slotY(row), width: cellWidth, height: cellHeight })
  }
  const rows = Math.max(1, Math.ceil((count + leadingBlanks) / columns))
  const gridHeight = slotY(rows - 1) + cellHeight - gridY
  return {
    width,
    height: gridY + gridHeight + PAD,
    columns,
    leadingBlanks,
    cellFontPx: fontPx,
    titleBaseline,
    subtitleBaseline,
    legendMidY,
    grid: { x: gridX, y: gridY, width: gridWidth, height: gridHeight },
    cells,
  }
}

// ---------------------------------------------------------------------------------------------
// Look. Each state differs in lightness AND in a pattern or mark, so it survives colour blindness
// and greyscale: free = lightest, plain; pending = amber stripes, dashed edge, dot; reserved = grey
// cross-hatch with a padlock; taken = near-black with white number.

const CARD = "#2B2D31"
const TITLE_INK = "#F2F3F5"
const MUTED_INK = "#B5BAC1"

interface StateStyle {
  readonly fill: string
  /** Tile for a repeating pattern over `fill`; anchored to the image, so stripes run on across cells. */
  readonly hatch?: { readonly ink: string; readonly lineWidth: number; readonly period: number; readonly cross: boolean }
  readonly border: string
  readonly borderWidth: number
  readonly dash?: ReadonlyArray<number>
  readonly ink: string
}

export const STATE_STYLE: Readonly<Record<CellState, StateStyle>> = {
  free: { fill: "#E3F7EA", border: "#3BA55C", borderWidth: 2, ink: "#0B2E17" },
  pending: {
    fill: "#FFE7B0",
    hatch: { ink: "#F2B53A", lineWidth: 3.5, period: 12, cross: false },
    border: "#B7791F",
    borderWidth: 2,
    dash: [6, 4],
    ink: "#2E2000",
  },
  reserved: {
    fill: "#A3A9B3",
    hatch: { ink: "#868D99", lineWidth: 1.5, period: 9, cross: true },
    border: "#626975",
    borderWidth: 1.5,
    ink: "#15171A",
  },
  taken: { fill: "#141517", border: "#45474E", borderWidth: 1, ink: "#FFFFFF" },
}

const makeHatch = (ctx: SKRSContext2D, style: StateStyle): CanvasPattern | string => {
  const hatch = style.hatch
  if (hatch === undefined) return style.fill
  const p = hatch.period
  const tile: Canvas = createCanvas(p, p)
  const t = tile.getContext("2d")
  t.fillStyle = style.fill
  t.fillRect(0, 0, p, p)
  t.strokeStyle = hatch.ink
  t.lineWidth = hatch.lineWidth
  t.lineCap = "square"
  // Three strokes per direction (one shifted a tile each way) make the tile seamless at its edges.
  for (const k of [-p, 0, p]) {
    t.beginPath()
    t.moveTo(k, p)
    t.lineTo(k + p, 0)
    t.stroke()
    if (hatch.cross) {
      t.beginPath()
      t.moveTo(k, 0)
      t.lineTo(k + p, p)
      t.stroke()
    }
  }
  return ctx.createPattern(tile, "repeat") ?? style.fill
}

const drawPadlock = (ctx: SKRSContext2D, cx: number, cy: number, size: number, ink: string, backdrop: string): void => {
  const bodyW = size
  const bodyH = size * 0.72
  const bodyTop = cy - bodyH / 2 + size * 0.2
  // A backdrop disc keeps the mark readable on top of the hatch.
  ctx.fillStyle = backdrop
  ctx.beginPath()
  ctx.arc(cx, cy, size * 0.95, 0, Math.PI * 2)
  ctx.fill()
  ctx.strokeStyle = ink
  ctx.lineWidth = Math.max(1.5, size * 0.18)
  ctx.beginPath()
  ctx.arc(cx, bodyTop, size * 0.3, Math.PI, 0)
  ctx.stroke()
  ctx.fillStyle = ink
  ctx.beginPath()
  ctx.roundRect(cx - bodyW / 2, bodyTop, bodyW, bodyH, size * 0.12)
  ctx.fill()
}

const drawMarker = (ctx: SKRSContext2D, state: CellState, rect: Rect): void => {
  // Tucked into the top-right corner, above the digits' cap height, so it never covers a number.
  const size = Math.max(6, Math.round(rect.height * 0.16))
  const cx = rect.x + rect.width - size - 2
  const cy = rect.y + size + 2
  if (state === "pending") {
    ctx.fillStyle = "#FFF6DF"
    ctx.beginPath()
    ctx.arc(cx, cy, size * 0.75, 0, Math.PI * 2)
    ctx.fill()
    ctx.fillStyle = "#8A5300"
    ctx.beginPath()
    ctx.arc(cx, cy, size * 0.45, 0, Math.PI * 2)
    ctx.fill()
  } else if (state === "reserved") {
    drawPadlock(ctx, cx, cy, size * 0.85, "#22252A", "#D5D9DF")
  }
}

type Fills = Readonly<Record<CellState, CanvasPattern | string>>

const paintTile = (ctx: SKRSContext2D, fills: Fills, state: CellState, rect: Rect, marker: boolean): void => {
  const style = STATE_STYLE[state]
  const radius = Math.min(8, rect.height * 0.18)
  const inset = style.borderWidth / 2
  ctx.beginPath()
  ctx.roundRect(rect.x, rect.y, rect.width, rect.height, radius)
  ctx.fillStyle = fills[state]
  ctx.fill()
  ctx.beginPath()
  ctx.roundRect(rect.x + inset, rect.y + inset, rect.width - 2 * inset, rect.height - 2 * inset, radius - inset)
  ctx.strokeStyle = style.border
  ctx.lineWidth = style.borderWidth
  ctx.setLineDash(style.dash === undefined ? [] : [...style.dash])
  ctx.stroke()
  ctx.setLineDash([])
  if (marker) drawMarker(ctx, state, rect)
}

/** Sets `ctx.font` to the largest size ≤ `px` (down to `minPx`) that fits, then ellipsizes if still too wide. */
const fitText = (ctx: SKRSContext2D, text: string, maxWidth: number, weight: FontWeight, px: number, minPx: number): string => {
  let size = px
  ctx.font = font(weight, size)
  while (size > minPx && ctx.measureText(text).width > maxWidth) {
    size -= 1
    ctx.font = font(weight, size)
  }
  if (ctx.measureText(text).width <= maxWidth) return text
  const chars = [...text]
  while (chars.length > 1 && ctx.measureText(`${chars.join("")}…`).width > maxWidth) chars.pop()
  return `${chars.join("")}…`
}

const DIGITS = /^\d+$/

/**
 * Digits are drawn one by one at whole-pixel positions with a whole-pixel advance, so every "7" in a
 * free cell is the same run of pixels and the PNG's deflate finds the repeats: text is most of the
 * file, and this keeps a 1,000-cell image well under half a megabyte (centred fractional text did not).
 */
const drawDigits = (ctx: SKRSContext2D, text: string, cx: number, baseline: number, halo: string | undefined): void => {
  const advance = Math.round(ctx.measureText("0").width)
  let x = Math.round(cx - (advance * text.length) / 2)
  const y = Math.round(baseline)
  ctx.textAlign = "left"
  for (const digit of text) {
    if (halo !== undefined) {
      ctx.strokeStyle = halo
      ctx.strokeText(digit, x, y)
    }
    ctx.fillText(digit, x, y)
    x += advance
  }
}

const drawLabel = (ctx: SKRSContext2D, label: string, state: CellState, rect: Rect, fontPx: number): void => {
  const style = STATE_STYLE[state]
  const text = fitText(ctx, label, rect.width - 8, 700, fontPx, Math.max(9, Math.floor(fontPx * 0.55)))
  // Centre on the digits' ink, not the em box, which would sit them visibly low.
  const ascent = ctx.measureText("0").actualBoundingBoxAscent
  const cx = rect.x + rect.width / 2
  const baseline = rect.y + rect.height / 2 + ascent / 2
  // A halo in the cell's base colour lifts the digits off the stripes/hatch.
  const halo = style.hatch === undefined ? undefined : style.fill
  ctx.lineJoin = "round"
  ctx.lineWidth = 4
  ctx.fillStyle = style.ink
  if (DIGITS.test(text)) {
    drawDigits(ctx, text, cx, baseline, halo)
    return
  }
  ctx.textAlign = "center"
  if (halo !== undefined) {
    ctx.strokeStyle = halo
    ctx.strokeText(text, cx, baseline)
  }
  ctx.fillText(text, cx, baseline)
}

const drawLegend = (ctx: SKRSContext2D, fills: Fills, layout: AvailabilityLayout, counts: Record<CellState, number>): void => {
  let x = layout.grid.x
  const mid = layout.legendMidY
  ctx.textAlign = "left"
  for (const state of STATE_ORDER) {
    paintTile(ctx, fills, state, { x, y: mid - SWATCH_H / 2, width: SWATCH_W, height: SWATCH_H }, true)
    x += SWATCH_W + 12
    ctx.font = font(600, LEGEND_PX)
    const ascent = ctx.measureText("F").actualBoundingBoxAscent
    const name = STATE_NAME[state]
    ctx.fillStyle = MUTED_INK
    ctx.fillText(name, x, mid + ascent / 2)
    x += ctx.measureText(name).width + 8
    ctx.font = font(800, LEGEND_PX)
    const count = String(counts[state])
    ctx.fillStyle = TITLE_INK
    ctx.fillText(count, x, mid + ascent / 2)
    x += ctx.measureText(count).width + 36
  }
}

const draw = (picture: AvailabilityPicture, layout: AvailabilityLayout): Canvas => {
  ensureFonts()
  const canvas = createCanvas(layout.width, layout.height)
  const ctx = canvas.getContext("2d")

  ctx.fillStyle = CARD
  ctx.beginPath()
  ctx.roundRect(0, 0, layout.width, layout.height, 24)
  ctx.fill()

  const innerWidth = layout.width - 2 * PAD
  ctx.textAlign = "left"
  ctx.fillStyle = TITLE_INK
  const title = fitText(ctx, picture.title, innerWidth, 800, TITLE_PX, 24)
  ctx.fillText(title, PAD, layout.titleBaseline)
  if (picture.subtitle !== undefined && layout.subtitleBaseline !== undefined) {
    ctx.fillStyle = MUTED_INK
    const subtitle = fitText(ctx, picture.subtitle, innerWidth, 400, SUBTITLE_PX, 16)
    ctx.fillText(subtitle, PAD, layout.subtitleBaseline)
  }

  const fills: Fills = {
    free: makeHatch(ctx, STATE_STYLE.free),
    pending: makeHatch(ctx, STATE_STYLE.pending),
    reserved: makeHatch(ctx, STATE_STYLE.reserved),
    taken: makeHatch(ctx, STATE_STYLE.taken),
  }
  drawLegend(ctx, fills, layout, countStates(picture.cells))

  if (picture.cells.length === 0) {
    ctx.fillStyle = MUTED_INK
    ctx.font = font(600, LEGEND_PX)
    ctx.fillText("This class has no numbers.", layout.grid.x, layout.grid.y + layout.grid.height / 2 + 8)
    return canvas
  }

  picture.cells.forEach((cell, i) => {
    const rect = layout.cells[i]
    if (rect === undefined) return
    paintTile(ctx, fills, cell.state, rect, true)
    drawLabel(ctx, cell.label, cell.state, rect, layout.cellFontPx)
  })
  return canvas
}

/**
 * Draws the availability grid of one number class as a PNG.
 *
 * Blocks its thread for a few hundred ms (layout, text, posterize), so the bot calls it only inside the
 * picture worker (availability-worker.ts); the PNG encoding itself runs on libuv's thread pool.
 */
export const renderAvailabilityPng = async (picture: AvailabilityPicture): Promise<Buffer> => {
  const canvas = draw(picture, layoutAvailability(picture))
  posterize(canvas)
  return canvas.encode("png")
}

/** Channel step of `posterize`: at most ±6/255 per channel, below what anyone can see on a phone. */
const POSTER_STEP = 12
const POSTER_LUT = Uint8Array.from({ length: 256 }, (_, v) => Math.min(255, Math.round(v / POSTER_STEP) * POSTER_STEP))

/**
 * Snaps every colour channel to a coarser grid before encoding. Anti-aliased digits are almost all of
 * a 1,000-cell PNG, and their many in-between shades are what deflate cannot squeeze: snapping them
 * takes a mixed 0–999 grid from ~620 KB to ~410 KB for a few tens of ms. Skia's encoder has no palette mode and
 * @napi-rs/canvas exposes no zlib level, so this is the lever left. Alpha (the rounded corners) is kept.
 */
const posterize = (canvas: Canvas): void => {
  const ctx = canvas.getContext("2d")
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height)
  const data = image.data
  for (let i = 0; i < data.length; i += 4) {
    data[i] = POSTER_LUT[data[i] ?? 0] ?? 0
    data[i + 1] = POSTER_LUT[data[i + 1] ?? 0] ?? 0
    data[i + 2] = POSTER_LUT[data[i + 2] ?? 0] ?? 0
  }
  ctx.putImageData(image, 0, 0)
}
