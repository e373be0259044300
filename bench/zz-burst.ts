import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
const folder = mkdtempSync(join(tmpdir(), "pb-b-"))
const rows = await (await import("./bursts.js")).benchClaimBursts(folder, [1000], 2)
const { renderTable } = await import("./table.js"); console.log(renderTable([rows].flat()))
