import type { IracingError } from "../../adapters/iracing/index.js"
import { refuse } from "../refusal.js"

/** Every iRacing failure already carries a sentence for members; the router shows it privately. */
export const explainIracing = (error: IracingError) => refuse(error.message)
