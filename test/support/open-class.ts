/** The benches' class, as an admin's form gives it: 0–999, one number a member, exactly big enough for 1,000 members each claiming their own. */
export const OPEN_CLASS = { name: "Open", range: "0-999", limit: "1", reserved: "" }
