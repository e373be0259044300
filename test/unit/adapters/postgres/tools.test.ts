import { describe, expect, it } from "vitest"
import { describeLocation, isPostgresUrl, withoutPassword } from "../../../../src/adapters/postgres/engine.js"
import { backupOnPostgres, pgDumpCommand, pgRestoreCommand } from "../../../../src/adapters/postgres/tools.js"

const URL_WITH_PASSWORD = "postgres://pitboard:s3cr%27et@db.example:5432/league"

describe("telling an admin about a PostgreSQL database", () => {
  it("GIVEN locations THEN only postgres:// and postgresql:// URLs mean PostgreSQL; paths and :memory: stay SQLite", () => {
    expect(isPostgresUrl("postgres://h/db")).toBe(true)
    expect(isPostgresUrl("POSTGRESQL://h/db")).toBe(true)
    for (const sqlite of ["./data/pitboard.sqlite", ":memory:", "/var/lib/postgres.sqlite", "postgres.db"]) expect(isPostgresUrl(sqlite)).toBe(false)
  })

  it("GIVEN a URL with a password THEN what is logged or shown never holds it", () => {
    expect(withoutPassword(URL_WITH_PASSWORD)).toBe("postgres://pitboard:***@db.example:5432/league")
    expect(withoutPassword("postgres://u@h/db?password=hunter2")).not.toContain("hunter2")
    expect(describeLocation(URL_WITH_PASSWORD)).not.toContain("s3cr")
    expect(describeLocation("./data/pitboard.sqlite")).toBe("./data/pitboard.sqlite")
  })

  it("GIVEN npm run backup on PostgreSQL THEN it gives the exact pg_dump and pg_restore commands, quoted, without the password", () => {
    expect(pgDumpCommand(URL_WITH_PASSWORD, "/backups/it's.dump")).toBe(`pg_dump --format=custom --file='/backups/it'\\''s.dump' 'postgres://pitboard@db.example:5432/league'`)
    expect(pgRestoreCommand(URL_WITH_PASSWORD, "/backups/a.dump")).toBe(
      "pg_restore --clean --if-exists --no-owner --single-transaction --dbname='postgres://pitboard@db.example:5432/league' '/backups/a.dump'",
    )
    expect(backupOnPostgres(URL_WITH_PASSWORD, "/b.dump")).not.toContain("s3cr")
  })
})
