// Seed data for the fake iRacing API, shaped like the real payloads in
// /work/shared/reference/iracing-data-api.md §4 (extra fields included on purpose: the adapter must ignore them).

export interface RosterMemberFixture {
  cust_id: number
  display_name: string
  helmet: { pattern: number; color1: string; color2: string; color3: string; face_type: number; helmet_type: number }
  owner: boolean
  admin: boolean
  league_mail_opt_out: boolean
  league_pm_opt_out: boolean
  league_member_since: string
  car_number: string | null
  nick_name: string | null
}

export interface LeagueFixture {
  league_id: number
  league_name: string
  owner_id: number
  roster: RosterMemberFixture[]
  [extra: string]: unknown
}

export interface DriverFixture {
  cust_id: number
  display_name: string
}

const helmet = (pattern: number) => ({ pattern, color1: "f4f4f4", color2: "fcfcfc", color3: "ffffff", face_type: 0, helmet_type: 0 })

export const member = (
  cust_id: number,
  display_name: string,
  car_number: string | null,
  extra: Partial<Pick<RosterMemberFixture, "owner" | "admin" | "nick_name">> = {},
): RosterMemberFixture => ({
  cust_id,
  display_name,
  helmet: helmet(cust_id % 60),
  owner: extra.owner ?? false,
  admin: extra.admin ?? false,
  league_mail_opt_out: false,
  league_pm_opt_out: false,
  league_member_since: "2025-11-29T00:24:09Z",
  car_number,
  nick_name: extra.nick_name ?? null,
})

/** League 13561 as in jdw's league_get.json, trimmed, with the traps that matter: "1"/"01"/"001", a duplicate "15", nulls. */
export const SAMPLE_LEAGUE_ID = 13561

export const sampleLeague = (): LeagueFixture => ({
  league_id: SAMPLE_LEAGUE_ID,
  owner_id: 900745,
  league_name: "Battle Of The Leagues",
  created: "2025-11-27T19:53:21Z",
  hidden: false,
  about: "Friendly race composed of the top drivers of several leagues. Who will win?!",
  recruiting: true,
  private_wall: false,
  private_roster: false,
  private_schedule: false,
  private_results: false,
  is_owner: false,
  is_admin: false,
  roster_count: 10,
  owner: { cust_id: 900745, display_name: "Jason Rushing", helmet: helmet(11), car_number: null, nick_name: null },
  image: { small_logo: "https://members-leagueimages.iracing.com/13561/banner.jpg", large_logo: "https://members-leagueimages.iracing.com/13561/leaguebanner.jpg" },
  tags: { categorized: [{ category_id: 2, name: "Type of Racing", limit: null, tags: [{ tag_id: 8, tag_name: "Road" }] }], not_categorized: [] },
  league_applications: [],
  pending_requests: [],
  is_member: false,
  is_applicant: false,
  is_invite: false,
  is_ignored: false,
  roster: [
    member(900745, "Jason Rushing", "500", { owner: true, admin: true }),
    member(898261, "Akari King-Wright", "01"),
    member(408970, "Amr Saleh", "501", { admin: true }),
    member(310001, "Ben One", "1"),
    member(310002, "Cat Triple", "001"),
    member(310003, "Dan Fifteen", "15"),
    member(310004, "Eve Fifteen", "15"),
    member(310005, "Alex Wright", "69", { nick_name: "Alex W" }),
    member(310006, "Oliver Park", null, { nick_name: "Oli P" }),
    member(310007, "Nina Null", null),
    member(310008, "Otto Nine", "09"),
  ],
})

/** Members known to /data/member/get and /data/lookup/drivers besides every league's roster. */
export const EXTRA_DRIVERS: ReadonlyArray<DriverFixture> = [
  { cust_id: 473030, display_name: "Lukas Schwenk" },
  { cust_id: 168966, display_name: "Max Verstappen" },
  { cust_id: 1345083, display_name: "Max Verstappen10" },
]

/**
 * A deterministic N-member league for e2e and bench: numbers cycle through plain, zero-padded
 * ("07", "007") and missing, so large rosters carry the same traps as the sample.
 */
export const generateLeague = (leagueId: number, size: number, name = `Generated League ${size}`): LeagueFixture => {
  const roster = Array.from({ length: size }, (_, i) => {
    const n = i % 1000
    const carNumber = i % 11 === 0 ? null : i % 5 === 0 ? String(n % 100).padStart(2, "0") : i % 7 === 0 ? String(n % 10).padStart(3, "0") : String(n)
    return member(5_000_000 + i, `Driver ${String(i).padStart(4, "0")}`, carNumber, { owner: i === 0, admin: i < 3, nick_name: i % 13 === 0 ? `D${i}` : null })
  })
  return { ...sampleLeague(), league_id: leagueId, league_name: name, owner_id: 5_000_000, roster_count: size, roster }
}

/** Rows for the chunked standings endpoint: `rows` entries, served `chunkSize` per chunk file. */
export const generateStandings = (rows: number) =>
  Array.from({ length: rows }, (_, i) => ({
    rank: i + 1,
    cust_id: 7_000_000 + i,
    display_name: `Standing Driver ${i + 1}`,
    points: 10_000 - i,
    car_number: null,
  }))
