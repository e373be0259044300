// Small wording helpers shared by the rules' messages.
import type { CarNumber } from "./car-number.js"

/** "#7, #07, #12" */
export const listNumbers = (numbers: ReadonlyArray<CarNumber>): string => numbers.map((n) => `#${n}`).join(", ")
