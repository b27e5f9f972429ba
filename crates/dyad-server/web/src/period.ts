// Turning the timeline's period labels into date ranges for the other views' filters.

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * 86_400_000);
}

/** Monday of ISO week `week` of `year`. */
function isoWeekMonday(year: number, week: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const dow = (jan4.getUTCDay() + 6) % 7; // Monday = 0
  return addDays(jan4, (week - 1) * 7 - dow);
}

/** First and last day (inclusive, YYYY-MM-DD) of a period label as `/api/timeline` writes it. */
export function periodRange(by: string, period: string): [string, string] | null {
  let m = /^(\d{4})-W(\d{1,2})$/.exec(period);
  if (m) {
    const monday = isoWeekMonday(Number(m[1]), Number(m[2]));
    return [iso(monday), iso(addDays(monday, 6))];
  }
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return [iso(new Date(Date.UTC(y, mo - 1, 1))), iso(new Date(Date.UTC(y, mo, 0)))];
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (Number.isNaN(d.getTime())) return null;
    // A week given by its first day.
    return by === "week" ? [iso(d), iso(addDays(d, 6))] : [iso(d), iso(d)];
  }
  m = /^(\d{4})$/.exec(period);
  if (m) return [`${m[1]}-01-01`, `${m[1]}-12-31`];
  return null;
}
