// Environment defaults for the app's server process: `npm start` (scripts/start.mjs) passes them to
// `next start` unless the environment already sets them, the Docker image sets them, and the benches
// run their measured processes with them, so what is measured is what is served.
//
// MALLOC_ARENA_MAX=2: glibc's malloc gives threads that allocate at the same time arenas of their
// own (up to 8 per core), and memory freed in them is rarely returned. Node's compression, file and
// image work runs on such threads; capping the arenas at two kept the spreadsheet export's peak RSS
// 20–30 MB lower at 10 000 reports with no measurable change in its time (docs/BENCHMARKS.md).
// It only applies where glibc reads it (Linux); elsewhere it is ignored.
export const SERVER_ENV_DEFAULTS = Object.freeze({ MALLOC_ARENA_MAX: "2" });

/** `env` with the server defaults filled in where it does not set them. */
export function withServerDefaults(env) {
  const out = { ...env };
  for (const [k, v] of Object.entries(SERVER_ENV_DEFAULTS)) if (out[k] === undefined || out[k] === "") out[k] = v;
  return out;
}
