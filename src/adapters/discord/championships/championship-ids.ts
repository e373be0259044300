import * as Schema from "effect/Schema"
import { customIdRoute, IntField, LiteralField, TokenField } from "../custom-id.js"

/** The custom_ids of /championship's modal and list pager; the modal's id names what it edits. */
export const NEW_CHAMPIONSHIP = "new"

export const championshipFormId = customIdRoute("championship.form", { championship: Schema.Union(Schema.Literal(NEW_CHAMPIONSHIP), TokenField(40)) })

/** `via` keeps the disabled page counter's id apart from a Previous/Next that points at the same page. */
export const championshipListId = customIdRoute("championship.list", { via: LiteralField("go", "at"), page: IntField })

/** Text input ids inside the championship modal. */
export const CHAMPIONSHIP_FIELDS = { name: "name", description: "description" } as const
