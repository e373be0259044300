import { createRequire } from "node:module"
import { GlobalFonts } from "@napi-rs/canvas"

/**
 * Family name the renderers ask for. It is our own alias rather than "Inter" so that a
 * differently-versioned Inter installed on the host can never be picked instead of the one we ship.
 */
export const FONT_FAMILY = "Pitboard Inter"
const FONT_FAMILY_EXT = "Pitboard Inter Ext"

/**
 * CSS font-family list for `ctx.font`. The latin-ext subset is a separate file in @fontsource, and
 * league/class names may contain letters like "Ł" or "ő"; Skia walks this list per glyph.
 */
export const FONT_STACK = `"${FONT_FAMILY}", "${FONT_FAMILY_EXT}"`

export const FONT_WEIGHTS = [400, 600, 700, 800] as const
export type FontWeight = (typeof FONT_WEIGHTS)[number]

let registered = false

/**
 * Registers the bundled Inter files with Skia, once per process.
 *
 * Fonts come from the @fontsource/inter npm package (SIL OFL 1.1) and are loaded by path, never from
 * the system: a league admin's fresh VPS or a slim container often has no fonts at all, and Skia
 * would then draw every number as nothing. registerFromPath (not register(buffer)) because Skia keeps
 * a pointer into a registered buffer instead of copying it.
 */
export const ensureFonts = (): void => {
  if (registered) return
  const require = createRequire(import.meta.url)
  for (const weight of FONT_WEIGHTS) {
    for (const [subset, family] of [
      ["latin", FONT_FAMILY],
      ["latin-ext", FONT_FAMILY_EXT],
    ] as const) {
      const path = require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff2`)
      // Fail loudly: a silently missing font renders an image with blank cells that looks "fine" in CI.
      if (GlobalFonts.registerFromPath(path, family) === null) {
        throw new Error(`Pitboard could not load the bundled font ${path}; reinstall dependencies (npm ci).`)
      }
    }
  }
  registered = true
}

export const font = (weight: FontWeight, sizePx: number): string => `${weight} ${sizePx}px ${FONT_STACK}`
