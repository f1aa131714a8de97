-- The leaderboards' kept scores, built from what counts (counted_scores in progress.sql). Applied
-- with progress.sql by src/db/definitions.ts. Checks keep them, the members queued meanwhile counted
-- together (refresh_queued_scores); these build a whole guild's at once, as explicit writes.

-- Builds of a guild's scores (exclusive) and counts of members' scores (shared) take turns, so a
-- build's snapshot never misses a check that, not seeing the window yet, skipped it. Checks of one
-- guild do not wait for each other. The one place the lock's key is named.
create or replace function lock_guild_scores(p_guild text, p_exclusive boolean) returns void
language plpgsql as $fn$
begin
  if p_exclusive then
    perform pg_advisory_xact_lock(hashtext('guild-scores'), hashtext(p_guild));
  else
    perform pg_advisory_xact_lock_shared(hashtext('guild-scores'), hashtext(p_guild));
  end if;
end
$fn$;

-- Counts of one guild's member scores on a roadmap (refresh_member_scores) take turns, each reading
-- the scores the one before it stored; with a build they take turns as above.
create or replace function lock_score_counts(p_guild text, p_roadmap text) returns void
language plpgsql as $fn$
begin
  perform lock_guild_scores(p_guild, false);
  perform pg_advisory_xact_lock(hashtext('score-counts'), hashtext(p_guild || '/' || p_roadmap));
end
$fn$;

-- The same lock, exclusive, for several guilds, always taken in one order (the ids' bytes), so two
-- batches writing several guilds' scores never wait on each other in a cycle.
create or replace function lock_guilds_scores(p_guilds text[]) returns void
language plpgsql as $fn$
declare
  v_guild text;
begin
  for v_guild in select d.g from (select distinct g from unnest(p_guilds) g) d order by d.g collate "C" loop
    perform lock_guild_scores(v_guild, true);
  end loop;
end
$fn$;

-- Counts a kept window's members per score (period_score_counts) from its scores, replacing what was
-- counted: a weekly board's rank and totals then sum a few rows instead of reading every member's.
-- Checks keep the counts up to date (refresh_member_scores).
create or replace function count_window_scores(p_guild text, p_period bigint) returns void
language plpgsql as $fn$
begin
  delete from period_score_counts where guild_id = p_guild and period_id = p_period;
  insert into period_score_counts (guild_id, period_id, score, members)
  select p_guild, p_period, ps.score, count(*)::int
    from period_scores ps
   where ps.guild_id = p_guild and ps.period_id = p_period and ps.score > 0
   group by ps.score;
end
$fn$;

-- The hour an all-time score was reached in (member_score_hour_counts' key). Members tied on a score
-- rank by when they reached it: counted per hour, a rank counts row by row only the members of the
-- caller's own hour (an hour, not a day: in a large guild most members' last check is recent).
create or replace function score_hour(p_reached_at timestamptz) returns timestamptz
language sql immutable as $fn$
  select date_bin('1 hour', p_reached_at, timestamptz '2000-01-01 00:00:00+00')
$fn$;

-- Counts a guild's all-time members per score (member_score_counts) and per score and hour
-- (member_score_hour_counts) from their kept scores, replacing what was counted: an all-time
-- board's rank and totals then sum a few rows. Checks keep the counts up to date
-- (refresh_member_scores).
create or replace function count_member_scores(p_guild text, p_roadmap text) returns void
language plpgsql as $fn$
begin
  delete from member_score_counts where guild_id = p_guild and roadmap_id = p_roadmap;
  delete from member_score_hour_counts where guild_id = p_guild and roadmap_id = p_roadmap;
  insert into member_score_hour_counts (guild_id, roadmap_id, score, reached_hour, members)
  select p_guild, p_roadmap, s.done_count, score_hour(s.reached_at), count(*)::int
    from member_scores s
   where s.guild_id = p_guild and s.roadmap_id = p_roadmap and s.done_count > 0
   group by s.done_count, score_hour(s.reached_at);
  insert into member_score_counts (guild_id, roadmap_id, score, members)
  select p_guild, p_roadmap, h.score, sum(h.members)::int
    from member_score_hour_counts h
   where h.guild_id = p_guild and h.roadmap_id = p_roadmap
   group by h.score;
end
$fn$;

-- Starts keeping windows [start, end) of guilds' scores (the arrays are read side by side): each
-- built from progress once, then kept by every check and uncheck. A window already kept is left as
-- is. One statement for a whole batch of weekly posts.
drop function if exists open_score_window(text, text, text, timestamptz, timestamptz);
create or replace function open_score_windows(p_guilds text[], p_roadmaps text[], p_layouts text[], p_starts timestamptz[], p_ends timestamptz[])
returns void
language plpgsql as $fn$
begin
  perform lock_guilds_scores(p_guilds);
  with w as (
    select distinct on (guild_id, roadmap_id, period_start, period_end) *
      from unnest(p_guilds, p_roadmaps, p_layouts, p_starts, p_ends) as w(guild_id, roadmap_id, layout_hash, period_start, period_end)
  ),
  opened as (
    insert into score_periods (guild_id, roadmap_id, period_start, period_end)
    select guild_id, roadmap_id, period_start, period_end from w
    on conflict do nothing
    returning period_id, guild_id, roadmap_id, period_start, period_end
  ),
  scored as (
    insert into period_scores (guild_id, period_id, user_id, score, reached_at)
    select o.guild_id, o.period_id, s.user_id, s.score, s.reached_at
      from opened o
      join w on w.guild_id = o.guild_id and w.roadmap_id = o.roadmap_id and w.period_start = o.period_start and w.period_end = o.period_end
     cross join lateral counted_scores(o.guild_id, o.roadmap_id, w.layout_hash, o.period_start, o.period_end) s
    returning guild_id, period_id, score
  )
  -- A new window has no counts yet: they are its scores' (what count_window_scores would count).
  insert into period_score_counts (guild_id, period_id, score, members)
  select guild_id, period_id, score, count(*)::int from scored where score > 0 group by guild_id, period_id, score;
end
$fn$;

-- Recounts every kept score of a guild's roadmap (all time and each kept window) for a layout: what
-- a change of the roadmap's items (retired, renamed, added) needs, in the caller's transaction.
create or replace function rebuild_scores(p_guild text, p_roadmap text, p_layout text) returns void
language plpgsql as $fn$
begin
  perform lock_guild_scores(p_guild, true);
  -- Members queued by changes already committed are counted here, with everyone.
  delete from score_refreshes where guild_id = p_guild and roadmap_id = p_roadmap;
  delete from member_scores where guild_id = p_guild and roadmap_id = p_roadmap;
  insert into member_scores (guild_id, roadmap_id, user_id, done_count, reached_at)
  select p_guild, p_roadmap, s.user_id, s.score, s.reached_at
    from counted_scores(p_guild, p_roadmap, p_layout, null, null) s;
  perform count_member_scores(p_guild, p_roadmap);
  delete from period_scores ps
   using score_periods w
   where w.period_id = ps.period_id and w.guild_id = p_guild and w.roadmap_id = p_roadmap and ps.guild_id = p_guild;
  insert into period_scores (guild_id, period_id, user_id, score, reached_at)
  select p_guild, w.period_id, s.user_id, s.score, s.reached_at
    from score_periods w
   cross join lateral counted_scores(p_guild, p_roadmap, p_layout, w.period_start, w.period_end) s
   where w.guild_id = p_guild and w.roadmap_id = p_roadmap;
  perform count_window_scores(p_guild, w.period_id)
     from score_periods w
    where w.guild_id = p_guild and w.roadmap_id = p_roadmap;
end
$fn$;

-- Counts members' scores on a roadmap again from their progress: their all-time score and their
-- score in every kept window, each with its member count per score. Counts of one guild's roadmap
-- take turns (lock_score_counts above), and a roadmap update (rebuild_scores) waits for
-- them, or they for it.
create or replace function refresh_member_scores(p_guild text, p_roadmap text, p_layout text, p_users text[]) returns void
language plpgsql set plan_cache_mode = force_generic_plan as $fn$
declare
  v_was_scores int[];
  v_was_hours timestamptz[];
begin
  perform lock_score_counts(p_guild, p_roadmap);
  -- The all-time scores being replaced, read once the lock is held (a statement of its own).
  select coalesce(array_agg(s.done_count), '{}'), coalesce(array_agg(score_hour(s.reached_at)), '{}')
    into v_was_scores, v_was_hours
    from member_scores s
   where s.guild_id = p_guild and s.roadmap_id = p_roadmap and s.user_id = any(p_users) and s.done_count > 0;
  with users as (
    select distinct u.user_id from unnest(p_users) as u(user_id)
  ),
  done as materialized (
    select c.user_id, c.item_id, c.done_at
      from counted_progress(p_guild, p_roadmap, p_layout, null, null) c
     where c.user_id = any(p_users)
  ),
  all_time as (
    select u.user_id, count(d.item_id)::int as done_count, max(d.done_at) as reached_at
      from users u left join done d on d.user_id = u.user_id
     group by u.user_id
  ),
  all_time_kept as (
    insert into member_scores (guild_id, roadmap_id, user_id, done_count, reached_at)
    select p_guild, p_roadmap, user_id, done_count, reached_at from all_time
    on conflict (guild_id, roadmap_id, user_id)
    do update set done_count = excluded.done_count, reached_at = excluded.reached_at
  ),
  windows as (
    select w.period_id, u.user_id, count(d.item_id)::int as score, max(d.done_at) as reached_at
      from score_periods w
     cross join users u
      left join done d on d.user_id = u.user_id and d.done_at >= w.period_start and d.done_at < w.period_end
     where w.guild_id = p_guild and w.roadmap_id = p_roadmap
     group by w.period_id, u.user_id
  ),
  -- Every statement of this one sees the rows as they were: these are the scores being replaced.
  previous as (
    select ps.period_id, ps.score from period_scores ps
     where ps.guild_id = p_guild and ps.user_id = any(p_users) and ps.period_id in (select period_id from windows)
  ),
  windows_kept as (
    insert into period_scores (guild_id, period_id, user_id, score, reached_at)
    select p_guild, period_id, user_id, score, reached_at from windows
    on conflict (guild_id, period_id, user_id)
    do update set score = excluded.score, reached_at = excluded.reached_at
  ),
  window_moves as (
    select period_id, score, sum(delta)::int as delta
      from (select period_id, score, -1 as delta from previous where score > 0
            union all
            select period_id, score, 1 from windows where score > 0) m
     group by period_id, score
    having sum(delta) <> 0
  ),
  -- The window's member count per score (period_score_counts), in key order.
  window_counts as (
    insert into period_score_counts (guild_id, period_id, score, members)
    select p_guild, period_id, score, delta from window_moves order by period_id, score
    on conflict (guild_id, period_id, score)
    do update set members = period_score_counts.members + excluded.members
  ),
  all_time_moves as (
    select m.score, m.reached_hour, sum(m.delta)::int as delta
      from (select w.score, w.reached_hour, -1 as delta from unnest(v_was_scores, v_was_hours) as w(score, reached_hour)
            union all
            select a.done_count, score_hour(a.reached_at), 1 from all_time a where a.done_count > 0) m
     group by m.score, m.reached_hour
  ),
  -- The all-time member counts, per score and per score and hour (scores.sql, score_hour).
  all_time_counts as (
    insert into member_score_counts (guild_id, roadmap_id, score, members)
    select p_guild, p_roadmap, score, sum(delta)::int from all_time_moves
     group by score
    having sum(delta) <> 0
     order by score
    on conflict (guild_id, roadmap_id, score)
    do update set members = member_score_counts.members + excluded.members
  )
  insert into member_score_hour_counts (guild_id, roadmap_id, score, reached_hour, members)
  select p_guild, p_roadmap, score, reached_hour, delta from all_time_moves
   where delta <> 0
   order by score, reached_hour
  on conflict (guild_id, roadmap_id, score, reached_hour)
  do update set members = member_score_hour_counts.members + excluded.members;
  -- An hour left empty goes, so a score's rows stay as many as the hours its members reached it in.
  delete from member_score_hour_counts h
   using unnest(v_was_scores, v_was_hours) as w(score, reached_hour)
   where h.guild_id = p_guild and h.roadmap_id = p_roadmap and h.score = w.score and h.reached_hour = w.reached_hour
     and h.members = 0;
end
$fn$;

-- Counts the scores of a guild's members queued by their changes (score_refreshes) on a roadmap, all
-- in one go: a check queues its member and answers, and the members queued meanwhile are counted
-- together. The rows are claimed by deleting them once the count's lock is held; a row queued by a
-- change still uncommitted stays for the next count. Returns how many members were counted.
create or replace function refresh_queued_scores(p_guild text, p_roadmap text, p_layout text) returns int
language plpgsql as $fn$
declare
  v_users text[];
begin
  perform lock_score_counts(p_guild, p_roadmap);
  with claimed as (
    delete from score_refreshes where guild_id = p_guild and roadmap_id = p_roadmap returning user_id
  )
  select coalesce(array_agg(distinct user_id), '{}') into v_users from claimed;
  if cardinality(v_users) > 0 then
    perform refresh_member_scores(p_guild, p_roadmap, p_layout, v_users);
  end if;
  return cardinality(v_users);
end
$fn$;
