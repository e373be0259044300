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
    // Only with --coverage (`npm run coverage:unit`): how much of the Discord adapter the unit and
    // property tests run by themselves, without the end-to-end suites' fake Discord.
    coverage: {
      provider: "v8",
      include: ["src/adapters/discord/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage/unit",
    },
  },
})
