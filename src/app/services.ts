import type { Iracing } from "../adapters/iracing/index.js"
import type { Database } from "../adapters/sqlite/database.js"
import type { DiscordClient } from "../adapters/discord/discord-client.js"
import type { AvailabilityPictures } from "../adapters/discord/render/availability-pictures.js"
import type { StandingsPictures } from "../adapters/discord/championships/standings-pictures.js"
import type { FollowUps } from "./follow-ups.js"
import type { AppConfig } from "./app-config.js"
import type { ModuleAccess } from "./module-access.js"
import type { BotStatus } from "./bot-status.js"

/** Every service a feature's handlers may use. */
export type AppServices = Database | ModuleAccess | AppConfig | DiscordClient | FollowUps | Iracing | AvailabilityPictures | StandingsPictures | BotStatus
