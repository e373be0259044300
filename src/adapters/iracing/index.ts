export { Iracing, IracingFromSettings, IracingLive, makeIracing } from "./service.js"
export type { DriverRef, IracingService, IracingStandingRow, LeagueRoster, RosterEntry } from "./service.js"
export type { ImportedSession, SeasonSession } from "./season-results.js"
export {
  defaultIracingSettings,
  IRACING_DATA_URL,
  IRACING_OAUTH_URL,
  IracingConfigProblem,
  loadIracingSettings,
  loadIracingSettingsFromEnvironment,
} from "./config.js"
export type { IracingCredentials, IracingSettings, IracingVariable } from "./config.js"
export * from "./errors.js"
export { mask } from "./mask.js"
export { makeIracingClient } from "./client.js"
export type { IracingClient, QueryParams } from "./client.js"
