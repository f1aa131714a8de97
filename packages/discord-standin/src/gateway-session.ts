import { GatewayOpcodes } from "discord-api-types/v10";
import { WebSocket } from "ws";
import { plainJson, type PayloadEncoder } from "./gateway-encoding.ts";
import { shardOf } from "./snowflakes.ts";

/** How many dispatches a session keeps for replay on RESUME. */
const BACKLOG_SIZE = 1000;

/** One WebSocket from a client. It may carry a session (after IDENTIFY or RESUME). */
export class GatewayConnection {
  readonly socket: WebSocket;
  encoder: PayloadEncoder;
  session: GatewaySession | null = null;
  #sending: Promise<void> = Promise.resolve();

  constructor(socket: WebSocket, encoder: PayloadEncoder) {
    this.socket = socket;
    this.encoder = encoder;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends in call order even when the encoder is asynchronous. */
  send(json: string): void {
    const encoder = this.encoder;
    this.#sending = this.#sending
      .then(() => encoder.encode(json))
      .then((frame) => {
        if (this.open) this.socket.send(frame);
      })
      .catch(() => undefined);
  }

  sendOp(op: GatewayOpcodes, d: unknown): void {
    this.send(JSON.stringify({ op, d, s: null, t: null }));
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(code, reason);
    this.encoder.close();
    this.encoder = plainJson;
  }
}

/** A gateway session: survives its connection so the client can RESUME and get missed dispatches. */
export class GatewaySession {
  readonly id: string;
  readonly shardId: number;
  readonly shardCount: number;
  readonly intents: number;
  connection: GatewayConnection | null = null;
  /** Cleared when the client closes normally or the stand-in invalidates it. */
  resumable = true;
  resumeCount = 0;
  #sequence = 0;
  readonly #backlog: { sequence: number; json: string }[] = [];

  constructor(init: { id: string; shard: [number, number]; intents: number }) {
    this.id = init.id;
    [this.shardId, this.shardCount] = init.shard;
    this.intents = init.intents;
  }

  get sequence(): number {
    return this.#sequence;
  }

  get connected(): boolean {
    return this.connection?.open ?? false;
  }

  ownsGuild(guildId: string): boolean {
    return shardOf(guildId, this.shardCount) === this.shardId;
  }

  hasIntent(intent: number): boolean {
    return (this.intents & intent) === intent;
  }

  /** Numbers the event, keeps it for replay and sends it if connected. */
  dispatch(event: string, data: unknown): void {
    this.#sequence += 1;
    const json = JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: this.#sequence, d: data });
    this.#backlog.push({ sequence: this.#sequence, json });
    if (this.#backlog.length > BACKLOG_SIZE) this.#backlog.shift();
    this.connection?.send(json);
  }

  /** The dispatches after `sequence`, or undefined when some of them are no longer kept. */
  missedSince(sequence: number): string[] | undefined {
    if (sequence > this.#sequence) return undefined;
    const oldestKept = this.#backlog[0]?.sequence ?? this.#sequence + 1;
    if (sequence + 1 < oldestKept) return undefined;
    return this.#backlog.filter((entry) => entry.sequence > sequence).map((entry) => entry.json);
  }

  /** For RESUME: the new connection replaces the old one and gets the replay before anything newer. */
  attach(connection: GatewayConnection, replay: string[]): void {
    this.connection = connection;
    connection.session = this;
    for (const json of replay) connection.send(json);
  }
}
