// In the browser zod must not try its JIT: to find out whether it may, zod calls `new Function("")`
// once, and under our Content-Security-Policy (no 'unsafe-eval', next.config.ts) the browser reports
// that probe as a violation even though zod catches it. Import this before any module that builds
// zod schemas on the client (lib/triage/schema.ts, reached from the triage board). The server keeps
// the faster JIT.
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });
