import { customIdRoute, IntField, LiteralField } from "../custom-id.js"

/**
 * The buttons on a /sync report. They carry the stored run's id, never the findings themselves, so
 * a page or the CSV can be served after a restart and always match what that run saw.
 * `via` keeps Previous, the page counter and Next distinct when they point at the same page.
 */
export const syncPageId = customIdRoute("sync.page", {
  via: LiteralField("prev", "at", "next"),
  run: IntField,
  page: IntField,
})
export const syncCsvId = customIdRoute("sync.csv", { run: IntField })
