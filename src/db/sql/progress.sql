-- What a check, an uncheck and a member's standing are, in one file.
--
-- Applied by src/db/definitions.ts after the migrations, whenever this file changes (each function is
-- `create or replace`; a changed signature needs a `drop function if exists` of the old one here).
-- Tests: test/db/progress-sql.test.ts and the services' tests. The functions run in the caller's
-- transaction; PL/pgSQL keeps each statement's plan for the session, so a check is not planned each time.

-- What counts: a member's progress on the roadmap's current items, one row per item however many
-- of its ids (current and former) hold progress, with the item's place in the layout; only rows
-- done in [p_start, p_end) when given. Progress on items no longer in the roadmap is kept but not
-- counted. Every score and place reads this.
create or replace function counted_progress(p_guild text, p_roadmap text, p_layout text, p_start timestamptz, p_end timestamptz)
returns table (user_id text, item_id text, stage int, section text, done_at timestamptz)
language sql stable as $fn$
  select p.user_id, li.item_id, li.stage, li.section, max(p.done_at)
    from progress p
    -- One key look-up per progress row, so a member's cost follows their progress, not the roadmap.
    cross join lateral (
      select l.item_id, l.stage, l.section from roadmap_layout_items l
       where l.layout_hash = p_layout and l.stored_id = p.item_id
       limit 1) li
   where p.guild_id = p_guild and p.roadmap_id = p_roadmap
     and p.done_at >= coalesce(p_start, '-infinity') and p.done_at < coalesce(p_end, 'infinity')
   group by p.user_id, li.item_id, li.stage, li.section
$fn$;

-- Scores: items counted (done in [p_start, p_end), or ever when both are null) and when the last of
-- them was done (ties go to whoever reached the score first).
create or replace function counted_scores(p_guild text, p_roadmap text, p_layout text, p_start timestamptz, p_end timestamptz)
returns table (user_id text, score int, reached_at timestamptz)
language sql stable as $fn$
  select c.user_id, count(*)::int, max(c.done_at)
    from counted_progress(p_guild, p_roadmap, p_layout, p_start, p_end) c
   group by c.user_id
$fn$;

-- What a member does next: the items not in p_done (the current ids of the items they have done),
-- in roadmap order, at most p_limit. The first is their next item (member_place); /roadmap next,
-- item autocomplete and reminders list the first few (next_items).
create or replace function items_not_done(p_layout text, p_done text[], p_limit int)
returns table (item_id text, item_position int)
language sql stable as $fn$
  select li.item_id, li.position
    from roadmap_layout_items li
   where li.layout_hash = p_layout and li.stored_id = li.item_id and li.item_id <> all(p_done)
   order by li.position
   limit p_limit
$fn$;

-- A member's next p_limit items on a roadmap, in roadmap order (items_not_done of what counts).
create or replace function next_items(p_guild text, p_user text, p_roadmap text, p_layout text, p_limit int)
returns table (item_id text, item_position int)
language sql stable as $fn$
  select n.item_id, n.item_position
    from items_not_done(
           p_layout,
           (select coalesce(array_agg(c.item_id), '{}')
              from counted_progress(p_guild, p_roadmap, p_layout, null, null) c
             where c.user_id = p_user),
           p_limit) n
   order by n.item_position
$fn$;

-- The member's place on the roadmap, the one rule for it: the next item (the first not done, in
-- roadmap order), when they last checked an item that counts, their current stage (the first not
-- complete; null once the whole roadmap is) with its items done, and the sections they finished.
-- The group views read it as stored per roadmap (member_places) by each change (change_item); a
-- progress summary reads it through member_snapshot.
create or replace function member_place(p_guild text, p_user text, p_roadmap text, p_layout text)
returns table (next_item_id text, last_done_at timestamptz, current_stage int, stage_done int, finished_sections text[])
language sql stable as $fn$
  with done as materialized (
    select c.item_id, c.stage, c.section, c.done_at
      from counted_progress(p_guild, p_roadmap, p_layout, null, null) c
     where c.user_id = p_user
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
  )
  select (select n.item_id from items_not_done(p_layout, (select coalesce(array_agg(item_id), '{}') from done), 1) n),
         (select max(done_at) from done),
         (select stage from current_stage),
         (select done from current_stage),
         coalesce((select array_agg(section order by first_position) from sections where done = size), '{}')
$fn$;

-- Stores members' places on a roadmap (member_place) in member_places, which that track's group
-- views read: one member's after their change (change_item), or every member's at once
-- after an update of the roadmap (refresh_roadmap_standings).
create or replace function store_member_places(p_guild text, p_users text[], p_roadmap text, p_layout text) returns void
language plpgsql set plan_cache_mode = force_generic_plan as $fn$
begin
  insert into member_places (guild_id, roadmap_id, user_id, next_item_id, last_done_at, current_stage, stage_done, finished_sections)
  select p_guild, p_roadmap, u.user_id, pl.*
    from unnest(p_users) as u(user_id)
   cross join lateral member_place(p_guild, u.user_id, p_roadmap, p_layout) pl
  on conflict (guild_id, roadmap_id, user_id) do update
     set (next_item_id, last_done_at, current_stage, stage_done, finished_sections) =
         (excluded.next_item_id, excluded.last_done_at, excluded.current_stage, excluded.stage_done, excluded.finished_sections);
end
$fn$;

-- Brings a member's standing up to date after their progress changed, in the caller's transaction:
-- their place on the roadmap (member_places) and their scores (an import, which counts at once).
create or replace function refresh_member_standing(p_guild text, p_user text, p_roadmap text, p_layout text) returns void
language plpgsql as $fn$
begin
  perform lock_guild_scores(p_guild, false);
  perform store_member_places(p_guild, array[p_user], p_roadmap, p_layout);
  perform refresh_member_scores(p_guild, p_roadmap, p_layout, array[p_user]); -- scores.sql
end
$fn$;

-- Brings the standing of every member with progress on a roadmap up to date for a new version of
-- it (p_layout), in the transaction of the update: their places (store_member_places), then every
-- kept score, counted once (rebuild_scores in scores.sql). It locks what a check locks, in the
-- check's order: the members' rows first (record_check and record_uncheck lock their member's),
-- in key order, then the guild's scores (a check's refresh takes them shared, this exclusive). So
-- a check made meanwhile waits for the update, or the update for the check, never each for the
-- other. Returns the members moved, in key order.
create or replace function refresh_roadmap_standings(p_guild text, p_roadmap text, p_layout text) returns text[]
language plpgsql as $fn$
declare
  v_members text[];
begin
  perform 1 from members m
   where m.guild_id = p_guild
     and exists (select 1 from progress p where p.guild_id = p_guild and p.user_id = m.user_id and p.roadmap_id = p_roadmap)
   order by m.user_id
     for no key update of m;
  perform lock_guild_scores(p_guild, true);
  -- Read again once no check is refreshing a standing: a member whose first check committed since
  -- the rows were locked is moved too (any later check of theirs refreshes after this update).
  select coalesce(array_agg(distinct p.user_id order by p.user_id), '{}') into v_members
    from progress p
   where p.guild_id = p_guild and p.roadmap_id = p_roadmap;
  perform store_member_places(p_guild, v_members, p_roadmap, p_layout);
  perform rebuild_scores(p_guild, p_roadmap, p_layout);
  return v_members;
end
$fn$;

-- Records an item as done, without the standing (change_item, or refresh_member_standing once per
-- import): creates the guild and member on first use (a display name given is remembered), writes
-- the progress row and its history row. p_item_ids holds the item's current id first, then its
-- former ids. An item done before keeps its first check time, so a re-check never scores again.
-- Returns false when the item already was done (under any of its ids).
create or replace function record_check(
  p_guild text, p_user text, p_roadmap text, p_item_ids text[], p_note text, p_at timestamptz, p_display_name text
) returns boolean
language plpgsql set plan_cache_mode = force_generic_plan as $fn$
declare
  v_done_at timestamptz;
begin
  insert into guilds (guild_id) values (p_guild) on conflict do nothing;
  -- One statement creates the member, writes a display name only when it changed, and locks the
  -- row even when nothing is written (ON CONFLICT DO UPDATE locks the row it finds): the member's
  -- changes take turns, so each standing is counted from the rows the others committed.
  insert into members (guild_id, user_id, display_name) values (p_guild, p_user, p_display_name)
  on conflict (guild_id, user_id) do update set display_name = excluded.display_name
   where excluded.display_name is not null and members.display_name is distinct from excluded.display_name;
  if exists (
    select 1 from progress
     where guild_id = p_guild and user_id = p_user and roadmap_id = p_roadmap and item_id = any(p_item_ids)
  ) then
    return false;
  end if;
  -- Done before (under any of the item's ids)? Then it counts as of the first time (least ignores
  -- the null of a first check).
  select least(min(e.at), p_at) into v_done_at
    from progress_events e
   where e.guild_id = p_guild and e.user_id = p_user and e.roadmap_id = p_roadmap
     and e.item_id = any(p_item_ids) and e.kind = 'check';
  -- The history row is written only if the progress row was (a concurrent repeat is a no-op).
  with inserted as (
    insert into progress (guild_id, user_id, roadmap_id, item_id, done_at, note)
    values (p_guild, p_user, p_roadmap, p_item_ids[1], v_done_at, p_note)
    on conflict do nothing
    returning guild_id, user_id, roadmap_id, item_id, note
  )
  insert into progress_events (guild_id, user_id, roadmap_id, item_id, kind, note, at)
  select guild_id, user_id, roadmap_id, item_id, 'check', note, p_at from inserted;
  return found;
end
$fn$;

-- Removes an item's done mark (under any of its ids) and records the uncheck, without the
-- standing. Returns false when it was not done.
create or replace function record_uncheck(p_guild text, p_user text, p_roadmap text, p_item_ids text[], p_at timestamptz) returns boolean
language plpgsql set plan_cache_mode = force_generic_plan as $fn$
begin
  perform 1 from members where guild_id = p_guild and user_id = p_user for update;
  delete from progress
   where guild_id = p_guild and user_id = p_user and roadmap_id = p_roadmap and item_id = any(p_item_ids);
  if not found then
    return false;
  end if;
  insert into progress_events (guild_id, user_id, roadmap_id, item_id, kind, note, at)
  values (p_guild, p_user, p_roadmap, p_item_ids[1], 'uncheck', null, p_at);
  return true;
end
$fn$;

-- Everything a progress summary needs, as JSON: the member's done items, their dates and privacy,
-- when they first checked each item (a re-check counts no more than it scores), their place on the
-- roadmap (member_place by p_layout; when p_layout is null, the place their change has
-- just stored), the guild's weeks, and the milestones the member already reached. Returns
-- {"layout_missing": true} when p_layout is not stored yet.
drop function if exists member_snapshot(text, text, text);
create or replace function member_snapshot(p_guild text, p_user text, p_roadmap text, p_layout text) returns json
language plpgsql stable set plan_cache_mode = force_generic_plan as $fn$
begin
  if p_layout is not null and not exists (select 1 from roadmap_layouts where layout_hash = p_layout) then
    return json_build_object('layout_missing', true);
  end if;
  return json_build_object(
    'progress', (select json_agg(json_build_object('item_id', p.item_id, 'done_at', p.done_at))
                   from progress p
                  where p.guild_id = p_guild and p.user_id = p_user and p.roadmap_id = p_roadmap),
    'member', (select json_build_object('started_on', m.started_on, 'target_on', m.target_on, 'hidden', m.hidden)
                 from members m
                where m.guild_id = p_guild and m.user_id = p_user),
    'place', case when p_layout is null
                  then (select json_build_object('current_stage', mp.current_stage, 'next_item_id', mp.next_item_id)
                          from member_places mp
                         where mp.guild_id = p_guild and mp.roadmap_id = p_roadmap and mp.user_id = p_user)
                  else (select json_build_object('current_stage', pl.current_stage, 'next_item_id', pl.next_item_id)
                          from member_place(p_guild, p_user, p_roadmap, p_layout) pl)
             end,
    'check_times', (select json_agg(f.first_at order by f.first_at)
                      from (select min(e.at) as first_at
                              from progress_events e
                             where e.guild_id = p_guild and e.user_id = p_user and e.roadmap_id = p_roadmap and e.kind = 'check'
                             group by e.item_id) f),
    'guild', (select json_build_object('timezone', g.timezone, 'post_weekday', g.post_weekday, 'post_time', g.post_time)
                from guilds g
               where g.guild_id = p_guild),
    'milestones', (select json_agg(r.milestone)
                     from milestones r
                    where r.guild_id = p_guild and r.user_id = p_user and r.roadmap_id = p_roadmap));
end
$fn$;

-- A single check (p_check) or uncheck as the bot answers it, in one call: the change, the member's
-- new place with their scores queued, then the summary's snapshot. Returns {"layout_missing": true}, writing nothing,
-- when the layout is not stored yet (the caller stores it and calls again).
create or replace function change_item(
  p_guild text, p_user text, p_roadmap text, p_item_ids text[], p_check boolean, p_note text, p_at timestamptz,
  p_display_name text, p_layout text
) returns json
language plpgsql set plan_cache_mode = force_generic_plan as $fn$
declare
  v_changed boolean;
begin
  if not exists (select 1 from roadmap_layouts where layout_hash = p_layout) then
    return json_build_object('layout_missing', true);
  end if;
  if p_check then
    v_changed := record_check(p_guild, p_user, p_roadmap, p_item_ids, p_note, p_at, p_display_name);
  else
    v_changed := record_uncheck(p_guild, p_user, p_roadmap, p_item_ids, p_at);
  end if;
  if v_changed then
    -- The member's place is stored now (the answer shows it); their scores are queued, so the
    -- check never waits on the guild's counts (refresh_queued_scores in scores.sql, right after it commits).
    perform lock_guild_scores(p_guild, false);
    perform store_member_places(p_guild, array[p_user], p_roadmap, p_layout);
    insert into score_refreshes (guild_id, roadmap_id, user_id) values (p_guild, p_roadmap, p_user);
  end if;
  -- A change has just stored the member's place; otherwise it is placed by the layout.
  return json_build_object('changed', v_changed,
                           'snapshot', member_snapshot(p_guild, p_user, p_roadmap, case when v_changed then null else p_layout end));
end
$fn$;
