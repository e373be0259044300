// Pitboard under pm2: `pm2 start deploy/ecosystem.config.cjs` from the Pitboard folder, after
// `npm ci && npm run build` (see "Run it as a service" in README.md). CommonJS, as pm2 reads it
// (package.json says "type": "module", hence .cjs).
const { join } = require("node:path")

const folder = join(__dirname, "..")

module.exports = {
  apps: [
    {
      name: "pitboard",
      cwd: folder,
      // node itself, as `npm start` runs it after its build: npm would add a ~55 MB process of its own.
      script: join(folder, "dist/app/main.js"),
      interpreter: "node",
      node_args: "--max-semi-space-size=4",
      // Exactly one process: SQLite takes one writer, and two bots would answer every click twice.
      exec_mode: "fork",
      instances: 1,
      // pm2 stops with SIGINT and kills 1.6 s later by default, mid-close. Pitboard stops itself
      // within 10 s (clicks in flight finish, the database is closed); pm2 waits longer.
      kill_timeout: 15_000,
      autorestart: true,
      // A bot that cannot start (a rejected token, say) is not restarted forever.
      min_uptime: "30s",
      max_restarts: 5,
      restart_delay: 10_000,
    },
  ],
}
