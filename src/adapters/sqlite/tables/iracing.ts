/** Row types for the iracing tables (migration files under ../migrations). Snowflakes are strings, instants epoch ms. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IracingTables {}
