import { sql } from "kysely";
import { pino } from "pino";
import { connectDatabase } from "./src/db/connect.ts";
import { migrateToLatest } from "./src/db/migrate.ts";
import { loadCatalogue } from "./src/catalogue/load.ts";
const dir = process.argv[2]!;
const members = Number(process.argv[3] ?? 1000);
const perMember = Number(process.argv[4] ?? 50);
const ids = (await loadCatalogue("roadmap")).defaultRoadmap.items.slice(0, perMember).map((item) => item.id);
const d = await connectDatabase({ databaseUrl: undefined, dataDir: dir, logger: pino({ level: "silent" }) });
await migrateToLatest(d.db);
await sql`insert into guilds (guild_id) select (1000000000000000000 + g)::text from generate_series(1, 10) g`.execute(d.db);
await sql`insert into members (guild_id, user_id) select (1000000000000000000 + (m % 10) + 1)::text, (2000000000000000000 + m)::text from generate_series(1, ${members}) m`.execute(d.db);
await sql`insert into progress (guild_id, user_id, roadmap_id, item_id, done_at, note)
  select (1000000000000000000 + (m % 10) + 1)::text, (2000000000000000000 + m)::text, 'ai-engineering', t.item_id, now() - ((t.i + m % 200) || ' hours')::interval, null
  from generate_series(1, ${members}) m, unnest(${ids}::text[]) with ordinality as t(item_id, i)`.execute(d.db);
await sql`insert into progress_events (guild_id, user_id, roadmap_id, item_id, kind, note, at)
  select guild_id, user_id, roadmap_id, item_id, 'check', null, done_at from progress`.execute(d.db);
const c = await sql<{ n: string }>`select count(*)::text as n from progress`.execute(d.db);
console.log("progress rows", c.rows[0]!.n);
await d.close();
