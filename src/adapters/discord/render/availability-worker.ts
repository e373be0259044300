import { renderAvailabilityPng } from "./availability-image.js"
import type { AvailabilityPicture } from "./availability-picture.js"
import { serveTasks } from "./worker-tasks.js"

// The picture worker's entry, and the only place the bot loads the canvas module: drawing blocks a
// thread for hundreds of ms, which here is this worker's and not the thread answering Discord.
serveTasks((picture: AvailabilityPicture) => renderAvailabilityPng(picture))
