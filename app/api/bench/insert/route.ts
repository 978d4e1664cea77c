// The load bench's baseline (bench/load.ts): a bare route handler doing one INSERT into the same
// database through the app's own pool, with no session, validation or policy. It exists only when
// the server was started with BASHBOARD_BENCH_ROUTES=1 (the bench sets it, and creates the table);
// everywhere else it answers 404 like any unknown path.
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  if (process.env.BASHBOARD_BENCH_ROUTES !== "1") return new Response("Not found", { status: 404 });
  const text = await req.text();
  let title = "";
  try {
    title = String((JSON.parse(text) as { title?: unknown }).title ?? "");
  } catch {
    return Response.json({ error: "Send JSON." }, { status: 400 });
  }
  const rows = await getDb().$queryRaw<{ id: bigint }[]>`insert into bench_insert (title, body) values (${title}, ${text}) returning id`;
  return Response.json({ id: String(rows[0].id) }, { status: 201 });
}
