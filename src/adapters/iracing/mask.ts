import { createHash } from "node:crypto"

/**
 * iRacing's masking for the client secret (with the client id) and the password (with the
 * username): base64(sha256(secret + id.trim().toLowerCase())). The server compares masked
 * values, so the plain secret never leaves the process.
 */
export const mask = (secret: string, id: string): string =>
  createHash("sha256").update(secret + id.trim().toLowerCase(), "utf8").digest("base64")
