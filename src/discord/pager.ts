import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from "discord.js";
import type { Clock } from "../clock.ts";
import type { Translator } from "../i18n/translator.ts";
import { UserError } from "../errors.ts";
import type { GuildButtonInteraction } from "./command.ts";

export const PAGER_LIFETIME_MS = 15 * 60_000;

/**
 * A paged view's state, carried in its buttons' custom ids (at most 100 characters) so that paging
 * needs no memory and survives a restart: which view, its arguments, the page, and who may press.
 */
export interface PagerState {
  readonly prefix: string;
  readonly args: readonly string[];
  readonly page: number;
  readonly guildId: string;
  readonly ownerId: string;
  readonly expiresAt: number;
}

const SNOWFLAKE = /^\d{1,20}$/;
const ARG = /^[a-z0-9-]{0,20}$/;

export function encodePager(state: PagerState): string {
  return [state.prefix, state.page, state.guildId, state.ownerId, state.expiresAt.toString(36), ...state.args].join(":");
}

export function decodePager(customId: string, prefix: string): PagerState | undefined {
  const [head, page, guildId, ownerId, expires, ...args] = customId.split(":");
  if (head !== prefix || !page || !guildId || !ownerId || !expires) return undefined;
  if (!SNOWFLAKE.test(guildId) || !SNOWFLAKE.test(ownerId) || !args.every((arg) => ARG.test(arg))) return undefined;
  const state = { prefix, args, page: Number(page), guildId, ownerId, expiresAt: parseInt(expires, 36) };
  if (!Number.isInteger(state.page) || state.page < 0 || !Number.isFinite(state.expiresAt)) return undefined;
  return state;
}

export function newPager(prefix: string, args: readonly string[], guildId: string, ownerId: string, clock: Clock): PagerState {
  return { prefix, args, page: 0, guildId, ownerId, expiresAt: clock.now().getTime() + PAGER_LIFETIME_MS };
}

/** Reads a pressed pager button, refusing one from another server, another member, or too long ago. */
export function pressedPager(interaction: GuildButtonInteraction, prefix: string, clock: Clock, command: string): PagerState {
  const state = decodePager(interaction.customId, prefix);
  if (!state || state.guildId !== interaction.guildId) {
    throw new UserError({ key: "common:pager.notHere", values: { command } });
  }
  if (state.ownerId !== interaction.user.id) {
    throw new UserError({ key: "common:pager.notYours", values: { command } });
  }
  if (clock.now().getTime() > state.expiresAt) {
    throw new UserError({ key: "common:pager.expired", values: { command, minutes: PAGER_LIFETIME_MS / 60_000 } });
  }
  return state;
}

export function pagerRow(state: PagerState, page: number, pageCount: number, t: Translator): APIActionRowComponent<APIButtonComponent> {
  const button = (label: string, toPage: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: encodePager({ ...state, page: Math.max(0, toPage) }),
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button(t.plain("common:pager.previous"), page - 1, page === 0),
      button(t.plain("common:pager.next"), page + 1, page >= pageCount - 1),
    ],
  };
}
