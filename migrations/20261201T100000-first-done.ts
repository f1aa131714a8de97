import { sql, type Kysely } from "kysely";

// Frozen in time: never import application code here.

/**
 * An item scores once per member: in the week (and month) it was first done. A check now keeps the
 * item's first check time as its `done_at` when the member had done it before (an uncheck and a
 * re-check, by hand or by an import), so a re-check never scores again; the history row still
 * records when the re-check happened. Every score (weekly, monthly, all time, and the group's
 * totals) reads `done_at`, so they all follow.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A member's first check of an item is one index look-up, whatever the length of their history.
  await sql`create index progress_events_first_check on progress_events (guild_id, user_id, roadmap_id, item_id, at) where kind = 'check'`.execute(
    db,
  );

  await sql`
    create or replace function roadmap_record_check(
      p_guild text, p_user text, p_roadmap text, p_item_ids text[], p_note text, p_at timestamptz, p_display_name text
    ) returns boolean
    language plpgsql set plan_cache_mode = force_generic_plan as $fn$
    declare
      v_done_at timestamptz;
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
      -- Done before (under any of the item's ids)? Then it stays done as of the first time (least
      -- ignores the null of a first check).
      select least(min(e.at), p_at) into v_done_at
        from progress_events e
       where e.guild_id = p_guild and e.user_id = p_user and e.roadmap_id = p_roadmap
         and e.item_id = any(p_item_ids) and e.kind = 'check';
      -- The history row is written only if the progress row was (the key makes a repeat a no-op).
      with inserted as (
        insert into progress (guild_id, user_id, roadmap_id, item_id, done_at, note)
        values (p_guild, p_user, p_roadmap, p_item_ids[1], v_done_at, p_note)
        on conflict do nothing
        returning guild_id, user_id, roadmap_id, item_id, note
      )
      insert into progress_events (guild_id, user_id, roadmap_id, item_id, kind, note, at)
      select guild_id, user_id, roadmap_id, item_id, 'check', note, p_at from inserted;
      if not found then
        return false;
      end if;
      -- The windows to refresh are the ones the item counts in: its first check's.
      perform roadmap_refresh_member_scores(p_guild, p_user, p_roadmap, v_done_at);
      return true;
    end
    $fn$`.execute(db);

  // Items re-checked before this migration get their first check time back (under the id they
  // are stored with: a migration does not know the roadmap's former ids).
  await sql`
    update progress p
       set done_at = f.first_at
      from (select guild_id, user_id, roadmap_id, item_id, min(at) as first_at
              from progress_events
             where kind = 'check'
             group by guild_id, user_id, roadmap_id, item_id) f
     where f.guild_id = p.guild_id and f.user_id = p.user_id and f.roadmap_id = p.roadmap_id and f.item_id = p.item_id
       and f.first_at < p.done_at`.execute(db);
  // The running scores were counted from the old times: the next reader rebuilds them.
  await sql`delete from score_builds`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function roadmap_record_check(
      p_guild text, p_user text, p_roadmap text, p_item_ids text[], p_note text, p_at timestamptz, p_display_name text
    ) returns boolean
    language plpgsql set plan_cache_mode = force_generic_plan as $fn$
    begin
      insert into guilds (guild_id) values (p_guild) on conflict do nothing;
      insert into members (guild_id, user_id, display_name) values (p_guild, p_user, p_display_name)
      on conflict do nothing;
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
  await sql`drop index progress_events_first_check`.execute(db);
}
