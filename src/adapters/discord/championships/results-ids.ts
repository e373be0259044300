import * as Schema from "effect/Schema"
import { customIdRoute, TokenField } from "../custom-id.js"

export const NO_EVENT = "none"

/** The results form (typed or pasted results of a round not run on iRacing), for one of its events or none. */
export const resultsFormId = customIdRoute("championship.results", { championship: TokenField(40), event: Schema.Union(Schema.Literal(NO_EVENT), TokenField(40)) })

/** The stewards' menu that withdraws a penalty. */
export const penaltyRemoveId = customIdRoute("championship.unpenalise", { championship: TokenField(40) })

export const RESULTS_FIELDS = { label: "label", results: "results" } as const
