import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // e2e suites start servers on loopback ports and a real discord.js client: give them room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // 2-core machines: two workers keep e2e suites from starving each other's 3-second deadlines.
    maxWorkers: 2,
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    // Starts PostgreSQL for the PostgreSQL run (PITBOARD_TEST_DATABASE=postgres); nothing otherwise.
    globalSetup: ["./test/support/postgres-server.ts"],
  },
})
