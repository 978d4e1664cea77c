/** Convert a wall-clock time ("2026-12-01T14:00") in an IANA time zone to the UTC instant. */
export function zonedWallTimeToUtc(wall: string, timeZone: string): Date {
  const [datePart, timePart] = wall.split("T");
  const [y, mo, d] = datePart.split("-").map(Number);
  const [h, mi, s = 0] = timePart.split(":").map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // Offset of the zone at that instant; iterate twice to settle across DST changes.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** The wall-clock parts (year, month, day, hour, minute, second) of an instant in a time zone. */
function wallParts(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "00";
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

function zoneOffsetMs(at: Date, timeZone: string): number {
  const w = wallParts(at, timeZone);
  const wallAsUtc = Date.UTC(Number(w.year), Number(w.month) - 1, Number(w.day), Number(w.hour), Number(w.minute), Number(w.second));
  return wallAsUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The wall-clock time ("2026-12-01T14:00") of a UTC instant in an IANA time zone (for edit forms). */
export function utcToZonedWallTime(at: Date, timeZone: string): string {
  const w = wallParts(at, timeZone);
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}`;
}
