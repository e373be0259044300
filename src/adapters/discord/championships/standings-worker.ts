import { serveTasks } from "../render/worker-tasks.js"
import { renderStandingsPng } from "./standings-image.js"
import type { StandingsPicture } from "./standings-picture.js"

// The standings picture worker's entry: the table is drawn here, never on the thread answering Discord.
serveTasks((picture: StandingsPicture) => renderStandingsPng(picture))
