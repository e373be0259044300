import { existsSync } from "node:fs"

/**
 * Reads `.env` from the working folder (npm runs every script from the package folder) into
 * process.env, for `npm start` and the tools beside it alike. Node ≥ 20.12 reads the file itself,
 * so there is no dotenv dependency; real environment variables win. Returns the one line to print
 * when the file cannot be read.
 */
export const loadDotEnv = (file = ".env"): string | undefined => {
  if (!existsSync(file)) return undefined
  try {
    process.loadEnvFile(file)
    return undefined
  } catch (error) {
    return `${file} could not be read (${(error as Error).message}). Compare it with .env.example.`
  }
}
