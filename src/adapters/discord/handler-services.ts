import type { Iracing } from "../iracing/index.js"
import type { Database } from "../sqlite/database.js"
import type { DiscordClient } from "./discord-client.js"
import type { AvailabilityPictures } from "./render/availability-pictures.js"
import type { StandingsPictures } from "./championships/standings-pictures.js"
import type { FollowUps } from "../../app/follow-ups.js"
import type { AppConfig } from "../../app/app-config.js"
import type { ModuleAccess } from "../../app/module-access.js"
import type { BotStatus } from "../../app/bot-status.js"

/** Every service a feature's handlers may use. */
export type AppServices = Database | ModuleAccess | AppConfig | DiscordClient | FollowUps | Iracing | AvailabilityPictures | StandingsPictures | BotStatus
