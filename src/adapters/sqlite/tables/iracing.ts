/** Row types for the iracing tables (migration files under ../migrations). Snowflakes are strings, instants epoch ms. */

/**
 * The bot's one iRacing token pair, kept so a restart does not spend a full login (iRacing
 * allows about 12 an hour). `payload` is AES-256-GCM ciphertext; the key is derived from the
 * client secret, so the file alone does not give the tokens away.
 */
export interface IracingTokensTable {
  /** Always 1: one token owner per bot. */
  id: number
  payload: string
  updated_at: number
}

export interface IracingTables {
  iracing_tokens: IracingTokensTable
}
