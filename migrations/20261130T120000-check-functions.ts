import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * The check's hot path as server-side functions: one round trip instead of eight, and PL/pgSQL
 * keeps each statement's plan for the session, so the big score refresh is not planned per check.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A roadmap's shape as the database needs it to place a member (next item, current stage,
  // finished sections): stored by the bot on first use, named by a hash of its content, so
  // processes running different catalogues never overwrite each other's.
  await db.schema
    .createTable("roadmap_layouts")
    .addColumn("layout_hash", "text", (col) => col.primaryKey())
    .addColumn("roadmap_id", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // One row per id progress may be stored under (an item's id and each former id), naming the item.
  await db.schema
    .createTable("roadmap_layout_items")
    .addColumn("layout_hash", "text", (col) => col.notNull().references("roadmap_layouts.layout_hash").onDelete("cascade"))
    .addColumn("stored_id", "text", (col) => col.notNull())
    .addColumn("item_id", "text", (col) => col.notNull())
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("stage", "integer", (col) => col.notNull())
    .addColumn("section", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("roadmap_layout_items_pk", ["layout_hash", "stored_id"])
    .execute();
  // Finding the next item scans the first unfinished section in order.
  await sql`create index roadmap_layout_items_order on roadmap_layout_items (layout_hash, stage, section, position) where stored_id = item_id`.execute(db);
  // Each section's size and place, so a member's counts need only their own done items.
  await db.schema
    .createTable("roadmap_layout_sections")
    .addColumn("layout_hash", "text", (col) => col.notNull().references("roadmap_layouts.layout_hash").onDelete("cascade"))
    .addColumn("stage", "integer", (col) => col.notNull())
    .addColumn("section", "text", (col) => col.notNull())
    .addColumn("first_position", "integer", (col) => col.notNull())
    .addColumn("size", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("roadmap_layout_sections_pk", ["layout_hash", "stage", "section"])
    .execute();

  // Everything a progress summary needs, as JSON: the member's done items, their dates and privacy,
  // when they checked items, the guild's weeks, and the milestones the member already reached.
  await sql`
    create function roadmap_member_snapshot(p_guild text, p_user text, p_roadmap text) returns json
    language plpgsql stable set plan_cache_mode = force_generic_plan as $fn$
    begin
      return json_build_object(
        'progress', (select json_agg(json_build_object('item_id', p.item_id, 'done_at', p.done_at))
                       from progress p
                      where p.guild_id = p_guild and p.user_id = p_user and p.roadmap_id = p_roadmap),
        'member', (select json_build_object('started_on', m.started_on, 'target_on', m.target_on, 'hidden', m.hidden)
                     from members m
                    where m.guild_id = p_guild and m.user_id = p_user),
        'check_times', (select json_agg(e.at order by e.at)
                          from progress_events e
                         where e.guild_id = p_guild and e.user_id = p_user and e.roadmap_id = p_roadmap and e.kind = 'check'),
        'guild', (select json_build_object('timezone', g.timezone, 'post_weekday', g.post_weekday, 'post_time', g.post_time)
                    from guilds g
                   where g.guild_id = p_guild),
        'milestones', (select json_agg(r.milestone)
                         from milestones r
                        where r.guild_id = p_guild and r.user_id = p_user and r.roadmap_id = p_roadmap));
    end
    $fn$`.execute(db);

  // Brings a member's running leaderboard scores up to date after one of their items was checked
  // or unchecked: the all-time row and every kept window containing p_done_at. Does nothing for a
  // guild whose scores were never built (the first reader builds them).
  await sql`
    create function roadmap_refresh_member_scores(p_guild text, p_user text, p_roadmap text, p_done_at timestamptz) returns void
    language plpgsql set plan_cache_mode = force_generic_plan as $fn$
    begin
      -- Checks share the guild's lock (builds take it exclusively) and take the member's in turn.
      -- A statement of its own: the refresh below takes its snapshot after the locks are granted.
      perform pg_advisory_xact_lock_shared(hashtext('leaderboard-scores'), hashtext(p_guild)),
              pg_advisory_xact_lock(hashtext('leaderboard-member:' || p_guild), hashtext(p_user));
      -- One statement: every part sees the rows as they were, so the old scores read here are the
      -- ones the upserts replace.
      with items as (
        select s.item_ids
          from score_builds b
          join score_item_sets s on s.items_hash = b.items_hash
         where b.guild_id = p_guild and b.roadmap_id = p_roadmap
      ),
      mine as materialized (
        select p.done_at
          from progress p, items
         where p.guild_id = p_guild and p.user_id = p_user and p.roadmap_id = p_roadmap
           and p.item_id = any(items.item_ids)
      ),
      periods as (
        select sp.period_id, sp.period_start, sp.period_end
          from score_periods sp
         where sp.guild_id = p_guild and sp.roadmap_id = p_roadmap
           and sp.period_start <= p_done_at and sp.period_end > p_done_at
           and exists (select 1 from items)
      ),
      new_all as (
        select count(*)::int as score, max(done_at) as reached_at from mine having exists (select 1 from items)
      ),
      new_periods as (
        select p.period_id, count(m.done_at)::int as score, max(m.done_at) as reached_at
          from periods p
          left join mine m on m.done_at >= p.period_start and m.done_at < p.period_end
         group by p.period_id
      ),
      old_all as (
        select done_count as score from member_scores
         where guild_id = p_guild and roadmap_id = p_roadmap and user_id = p_user
      ),
      old_periods as (
        select ps.period_id, ps.score from period_scores ps
         where ps.guild_id = p_guild and ps.user_id = p_user and ps.period_id in (select period_id from periods)
      ),
      overall as (
        insert into member_scores (guild_id, roadmap_id, user_id, done_count, reached_at)
        select p_guild, p_roadmap, p_user, score, reached_at from new_all
        on conflict (guild_id, roadmap_id, user_id)
        do update set done_count = excluded.done_count, reached_at = excluded.reached_at
      ),
      windows as (
        insert into period_scores (guild_id, period_id, user_id, score, reached_at)
        select p_guild, period_id, p_user, score, reached_at from new_periods
        on conflict (guild_id, period_id, user_id)
        do update set score = excluded.score, reached_at = excluded.reached_at
      ),
      moves as (
        select 0::bigint as period_id, score, -1 as delta from old_all where exists (select 1 from new_all)
        union all select 0::bigint, score, 1 from new_all
        union all select period_id, score, -1 from old_periods
        union all select period_id, score, 1 from new_periods
      )
      insert into score_counts (guild_id, roadmap_id, period_id, score, shard, members)
      select p_guild, p_roadmap, period_id, score, (hashtext(p_user) & 7), sum(delta)::int
        from moves
       where score > 0
       group by period_id, score
      having sum(delta) <> 0
      on conflict (guild_id, roadmap_id, period_id, score, shard)
      do update set members = score_counts.members + excluded.members;
    end
    $fn$`.execute(db);

  // Records an item as done: creates the guild and member on first use (a display name given is
  // remembered), writes the progress row and its history row, and refreshes the running scores.
  // p_item_ids holds the item's current id first, then its former ids (progress may be stored
  // under any of them). Returns false when the item already was done.
  await sql`
    create function roadmap_record_check(
      p_guild text, p_user text, p_roadmap text, p_item_ids text[], p_note text, p_at timestamptz, p_display_name text
    ) returns boolean
    language plpgsql set plan_cache_mode = force_generic_plan as $fn$
    begin
      insert into guilds (guild_id) values (p_guild) on conflict do nothing;
      insert into members (guild_id, user_id, display_name) values (p_guild, p_user, p_display_name)
      on conflict do nothing;
      -- Written only when it changed (an upsert would lock and log the row on every check).
      if p_display_name is not null then
        update members set display_name = p_display_name
         where guild_id = p_guild and user_id = p_user and display_name is distinct from p_display_name;
      end if;
      if cardinality(p_item_ids) > 1 and exists (
        select 1 from progress
         where guild_id = p_guild and user_id = p_user and roadmap_id = p_roadmap and item_id = any(p_item_ids[2:])
      ) then
        return false;
      end if;
      -- The history row is written only if the progress row was (the key makes a repeat a no-op).
      with inserted as (
        insert into progress (guild_id, user_id, roadmap_id, item_id, done_at, note)
        values (p_guild, p_user, p_roadmap, p_item_ids[1], p_at, p_note)
        on conflict do nothing
        returning guild_id, user_id, roadmap_id, item_id, note, done_at
      )
      insert into progress_events (guild_id, user_id, roadmap_id, item_id, kind, note, at)
      select guild_id, user_id, roadmap_id, item_id, 'check', note, done_at from inserted;
      if not found then
        return false;
      end if;
      perform roadmap_refresh_member_scores(p_guild, p_user, p_roadmap, p_at);
      return true;
    end
    $fn$`.execute(db);

  // Keeps a member's place on the roadmap (next item in roadmap order, last check, current stage and
  // its items done, finished sections) from their progress and a stored layout. Returns false,
  // changing nothing, when the layout is not stored yet.
  await sql`
    create function roadmap_save_position(p_guild text, p_user text, p_roadmap text, p_layout text) returns boolean
    language plpgsql set plan_cache_mode = force_generic_plan as $fn$
    begin
      if not exists (select 1 from roadmap_layouts where layout_hash = p_layout) then
        return false;
      end if;
      -- The member's done items by their current ids (progress may name a former id): one key
      -- look-up each, so the cost follows the member's progress, not the roadmap's size.
      with done as (
        select li.item_id, li.stage, li.section, max(p.done_at) as done_at
          from progress p
          cross join lateral (
            select l.item_id, l.stage, l.section from roadmap_layout_items l
             where l.layout_hash = p_layout and l.stored_id = p.item_id
             limit 1) li
         where p.guild_id = p_guild and p.user_id = p_user and p.roadmap_id = p_roadmap
         group by li.item_id, li.stage, li.section
      ),
      sections as (
        select s.stage, s.section, s.first_position, s.size,
               (select count(*) from done d where d.stage = s.stage and d.section = s.section)::int as done
          from roadmap_layout_sections s
         where s.layout_hash = p_layout
      ),
      current_stage as (
        select stage, sum(done)::int as done
          from sections
         group by stage
        having sum(done) < sum(size)
         order by min(first_position)
         limit 1
      ),
      first_open_section as (
        select stage, section from sections where done < size order by first_position limit 1
      )
      update members m
         set next_item_id = (select li.item_id
                               from first_open_section f
                               join roadmap_layout_items li
                                 on li.layout_hash = p_layout and li.stage = f.stage and li.section = f.section
                                and li.stored_id = li.item_id
                              where not exists (select 1 from done d where d.item_id = li.item_id)
                              order by li.position
                              limit 1),
             last_done_at = (select max(done_at) from done),
             current_stage = (select stage from current_stage),
             stage_done = (select done from current_stage),
             finished_sections = coalesce(
               (select array_agg(section order by first_position) from sections where done = size), '{}')
       where m.guild_id = p_guild and m.user_id = p_user;
      return true;
    end
    $fn$`.execute(db);

  // A single check as the bot answers it, in one call: the record and the member's new place, then
  // the summary's snapshot. Returns {"layout_missing": true}, writing nothing, when the layout is
  // not stored yet (the caller stores it and calls again).
  await sql`
    create function roadmap_check_item(
      p_guild text, p_user text, p_roadmap text, p_item_ids text[], p_note text, p_at timestamptz, p_display_name text,
      p_layout text
    ) returns json
    language plpgsql set plan_cache_mode = force_generic_plan as $fn$
    declare
      v_changed boolean;
    begin
      if not exists (select 1 from roadmap_layouts where layout_hash = p_layout) then
        return json_build_object('layout_missing', true);
      end if;
      v_changed := roadmap_record_check(p_guild, p_user, p_roadmap, p_item_ids, p_note, p_at, p_display_name);
      if v_changed then
        perform roadmap_save_position(p_guild, p_user, p_roadmap, p_layout);
      end if;
      return json_build_object('changed', v_changed, 'snapshot', roadmap_member_snapshot(p_guild, p_user, p_roadmap));
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function roadmap_check_item(text, text, text, text[], text, timestamptz, text, text)`.execute(db);
  await sql`drop function roadmap_save_position(text, text, text, text)`.execute(db);
  await sql`drop function roadmap_record_check(text, text, text, text[], text, timestamptz, text)`.execute(db);
  await sql`drop function roadmap_refresh_member_scores(text, text, text, timestamptz)`.execute(db);
  await sql`drop function roadmap_member_snapshot(text, text, text)`.execute(db);
  await db.schema.dropTable("roadmap_layout_sections").execute();
  await db.schema.dropTable("roadmap_layout_items").execute();
  await db.schema.dropTable("roadmap_layouts").execute();
}
