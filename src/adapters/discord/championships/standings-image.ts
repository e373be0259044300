import { createCanvas } from "@napi-rs/canvas"
import { ensureFonts, font } from "../render/fonts.js"
import type { StandingsPicture } from "./standings-picture.js"

// Drawn only inside the picture worker (standings-worker.ts). Discord previews images ~400px wide
// and opens them full size on tap, so rows are tall enough to read there on a phone.

const PAD = 32
const ROW = 34
const HEADER = 30
const CLASS_GAP = 24
const POS_W = 56
const NAME_W = 300
const CELL_W = 52
const WINS_W = 60
const TOTAL_W = 84
const INK = "#1f2328"
const MUTED = "#8c959f"
const BAND = "#f3f4f6"
const ACCENT = "#e8590c"
const DNF = "#cf222e"

export const standingsSize = (picture: StandingsPicture) => {
  const width = PAD * 2 + POS_W + NAME_W + picture.rounds.length * CELL_W + WINS_W + TOTAL_W
  const rows = picture.classes.reduce((sum, c) => sum + Math.max(1, c.rows.length), 0)
  const height = PAD * 2 + 70 + picture.classes.length * (HEADER + 34 + CLASS_GAP) + rows * ROW
  return { width, height }
}

const fit = (ctx: ReturnType<ReturnType<typeof createCanvas>["getContext"]>, text: string, max: number) => {
  if (ctx.measureText(text).width <= max) return text
  let cut = text
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > max) cut = cut.slice(0, -1)
  return `${cut}…`
}

export const renderStandingsPng = async (picture: StandingsPicture): Promise<Buffer> => {
  ensureFonts()
  const { width, height } = standingsSize(picture)
  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext("2d")
  ctx.fillStyle = "#ffffff"
  ctx.fillRect(0, 0, width, height)
  ctx.fillStyle = INK
  ctx.font = font(800, 30)
  ctx.fillText(fit(ctx, picture.title, width - PAD * 2), PAD, PAD + 28)
  ctx.fillStyle = MUTED
  ctx.font = font(400, 18)
  ctx.fillText(fit(ctx, picture.subtitle, width - PAD * 2), PAD, PAD + 56)

  const roundsX = PAD + POS_W + NAME_W
  const winsX = roundsX + picture.rounds.length * CELL_W
  const totalX = winsX + WINS_W
  let y = PAD + 80
  for (const ofClass of picture.classes) {
    ctx.fillStyle = ACCENT
    ctx.font = font(700, 22)
    ctx.fillText(fit(ctx, ofClass.name, width - PAD * 2), PAD, y + 22)
    y += HEADER + 4
    ctx.fillStyle = MUTED
    ctx.font = font(600, 15)
    ctx.fillText("Pos", PAD, y + 18)
    ctx.fillText("Driver", PAD + POS_W, y + 18)
    ctx.textAlign = "center"
    picture.rounds.forEach((round, i) => ctx.fillText(round, roundsX + i * CELL_W + CELL_W / 2, y + 18))
    ctx.fillText("Wins", winsX + WINS_W / 2, y + 18)
    ctx.fillText("Pts", totalX + TOTAL_W / 2, y + 18)
    ctx.textAlign = "left"
    y += 30
    ofClass.rows.forEach((row, index) => {
      if (index % 2 === 0) {
        ctx.fillStyle = BAND
        ctx.fillRect(PAD - 8, y, width - PAD * 2 + 16, ROW)
      }
      const mid = y + ROW / 2 + 7
      ctx.fillStyle = INK
      ctx.font = font(700, 19)
      ctx.fillText(String(row.position), PAD, mid)
      ctx.font = font(600, 19)
      const name = row.team === null ? row.name : `${row.name} · ${row.team}`
      ctx.fillText(fit(ctx, name, NAME_W - 12), PAD + POS_W, mid)
      ctx.textAlign = "center"
      row.cells.forEach((cell, i) => {
        const x = roundsX + i * CELL_W + CELL_W / 2
        ctx.fillStyle = cell.didNotFinish ? DNF : cell.dropped ? MUTED : INK
        ctx.font = font(cell.dropped ? 400 : 600, 17)
        const text = cell.dropped ? `(${cell.text})` : cell.text
        ctx.fillText(text, x, mid)
      })
      ctx.fillStyle = INK
      ctx.font = font(600, 18)
      ctx.fillText(String(row.wins), winsX + WINS_W / 2, mid)
      ctx.font = font(800, 20)
      ctx.fillText(row.penaltyPoints > 0 ? `${row.total}*` : String(row.total), totalX + TOTAL_W / 2, mid)
      ctx.textAlign = "left"
      y += ROW
    })
    if (ofClass.rows.length === 0) y += ROW
    y += CLASS_GAP
  }
  return canvas.encode("png")
}
