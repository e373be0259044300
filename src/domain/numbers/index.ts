// Everything about car numbers, for the app layer: one import instead of seven.
export * from "./availability.js"
export * from "./car-number.js"
export * from "./claims.js"
export * from "./classes.js"
export * from "./export.js"
export * from "./lifecycle.js"
export * from "./model.js"
export * from "./trades.js"
