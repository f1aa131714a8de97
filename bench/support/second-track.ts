import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MemberModel } from "../../test/standin/index.ts";
import type { BenchWorld } from "./worlds.ts";
import { REAL_ROADMAP_DIR } from "./worlds.ts";

/** The second roadmap of a two-track guild: the bundled roadmap's items under another id and title. */
export const SECOND_ROADMAP_ID = "bench-second-track";

/**
 * A roadmap folder with the bundled roadmap and a second one, as an operator would deploy two;
 * `dispose()` removes it once the bot using it has stopped.
 */
export async function writeTwoRoadmapDir(): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "bench-roadmaps-"));
  const text = await readFile(path.join(REAL_ROADMAP_DIR, "ai-engineering.yaml"), "utf8");
  await writeFile(path.join(dir, "ai-engineering.yaml"), text);
  const second = text.replace(/^id: .*$/m, `id: ${SECOND_ROADMAP_ID}`).replace(/^title: .*$/m, 'title: "Second cohort"');
  await writeFile(path.join(dir, `${SECOND_ROADMAP_ID}.yaml`), second);
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Runs the second roadmap as a track of the world's guild, in a channel of its own, followed (and
 * used last) by `members`: their checks without `roadmap:` go to it, as after a `/roadmap join`.
 */
export async function seedSecondTrack(world: BenchWorld, members: readonly MemberModel[], now: Date): Promise<void> {
  const pool = world.database!.pool;
  const guildId = world.guild.id;
  const channel = world.guild.addChannel({ name: "second-cohort" });
  await pool.query(`INSERT INTO guilds (guild_id) VALUES ($1) ON CONFLICT DO NOTHING`, [guildId]);
  await pool.query(
    `INSERT INTO guild_tracks (guild_id, roadmap_id, roadmap_version, channel_id, post_weekday, post_time, timezone, next_post_at)
     VALUES ($1, $2, NULL, $3, 1, '09:00', 'UTC', NULL)`,
    [guildId, SECOND_ROADMAP_ID, channel.id],
  );
  const userIds = members.map((member) => member.user.id);
  await pool.query(`INSERT INTO members (guild_id, user_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [guildId, userIds]);
  await pool.query(
    `INSERT INTO member_tracks (guild_id, user_id, roadmap_id, joined_at, last_used_at) SELECT $1, unnest($2::text[]), $3, $4, $4`,
    [guildId, userIds, SECOND_ROADMAP_ID, now],
  );
}
