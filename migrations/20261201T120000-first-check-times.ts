import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * Streaks and a member's start follow the same rule as scores: an item counts once, when it was
 * first checked. The snapshot's check times are now each item's first check, so unchecking and
 * re-checking an old item every week no longer keeps a streak alive.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await replaceSnapshot(
    db,
    sql`(select json_agg(f.first_at order by f.first_at)
           from (select min(e.at) as first_at
                   from progress_events e
                  where e.guild_id = p_guild and e.user_id = p_user and e.roadmap_id = p_roadmap and e.kind = 'check'
                  group by e.item_id) f)`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await replaceSnapshot(
    db,
    sql`(select json_agg(e.at order by e.at)
           from progress_events e
          where e.guild_id = p_guild and e.user_id = p_user and e.roadmap_id = p_roadmap and e.kind = 'check')`,
  );
}

async function replaceSnapshot(db: Kysely<any>, checkTimes: ReturnType<typeof sql>): Promise<void> {
  await sql`
    create or replace function roadmap_member_snapshot(p_guild text, p_user text, p_roadmap text) returns json
    language plpgsql stable set plan_cache_mode = force_generic_plan as $fn$
    begin
      return json_build_object(
        'progress', (select json_agg(json_build_object('item_id', p.item_id, 'done_at', p.done_at))
                       from progress p
                      where p.guild_id = p_guild and p.user_id = p_user and p.roadmap_id = p_roadmap),
        'member', (select json_build_object('started_on', m.started_on, 'target_on', m.target_on, 'hidden', m.hidden)
                     from members m
                    where m.guild_id = p_guild and m.user_id = p_user),
        'check_times', ${checkTimes},
        'guild', (select json_build_object('timezone', g.timezone, 'post_weekday', g.post_weekday, 'post_time', g.post_time)
                    from guilds g
                   where g.guild_id = p_guild),
        'milestones', (select json_agg(r.milestone)
                         from milestones r
                        where r.guild_id = p_guild and r.user_id = p_user and r.roadmap_id = p_roadmap));
    end
    $fn$`.execute(db);
}
