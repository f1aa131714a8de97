import type { ChangeSignal } from "./change-signal.ts";
import type { Clock } from "./clock.ts";
import type { CommandStore } from "./commands.ts";
import type { GatewayServer } from "./gateway.ts";
import type { InteractionRegistry } from "./interactions.ts";
import type { MessageStore } from "./messages.ts";
import type { SnowflakeGenerator } from "./snowflakes.ts";
import type { ViolationLog } from "./violations.ts";
import type { World } from "./world.ts";

export interface RoleChange {
  guildId: string;
  userId: string;
  roleId: string;
  action: "add" | "remove";
  /** The X-Audit-Log-Reason header, decoded. */
  reason: string | undefined;
}

/** Everything one stand-in instance owns; route handlers and the public API work on this. */
export interface StandInState {
  readonly token: string;
  readonly applicationId: string;
  readonly recommendedShards: number;
  readonly maxConcurrency: number;
  /** How long a nonce sent with enforce_nonce deduplicates messages. */
  readonly nonceWindowMs: number;
  /** Refuse slash-command values Discord's own client would not send (choices, min/max, lengths). */
  readonly clientRules: boolean;
  readonly clock: Clock;
  readonly snowflakes: SnowflakeGenerator;
  readonly signal: ChangeSignal;
  readonly world: World;
  readonly messages: MessageStore;
  readonly commands: CommandStore;
  readonly interactions: InteractionRegistry;
  readonly gateway: GatewayServer;
  readonly violations: ViolationLog;
  readonly roleChanges: RoleChange[];
  readonly urls: { readonly gateway: string; readonly attachments: string };
}
