import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { randomBytes } from "node:crypto";
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from "discord-api-types/v10";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { ChangeSignal } from "./change-signal.ts";
import { perMessageDeflate, plainJson, ZlibStreamEncoder } from "./gateway-encoding.ts";
import { GatewayConnection, GatewaySession } from "./gateway-session.ts";
import { apiGuildMember, apiUser, gatewayGuildCreate } from "./payloads.ts";
import type { ViolationLog } from "./violations.ts";
import type { World } from "./world.ts";

export interface GatewayOptions {
  token: string;
  applicationId: string;
  heartbeatIntervalMs: number;
  world: World;
  signal: ChangeSignal;
  violations: ViolationLog;
  /** ws://127.0.0.1:PORT, known once the server listens. */
  url: () => string;
}

export interface ShardSession {
  sessionId: string;
  shard: [shardId: number, shardCount: number];
  intents: number;
  connected: boolean;
  resumeCount: number;
}

/** Close code that @discordjs/ws answers with a RESUME (any 4000-range "unknown error" does). */
export const RESUMABLE_CLOSE_CODE = GatewayCloseCodes.UnknownError;

// GatewayApplicationFlags: GatewayGuildMembersLimited | GatewayMessageContentLimited, as for a small unverified bot.
const APPLICATION_FLAGS = (1 << 15) | (1 << 19);

/** The gateway side of the stand-in: HELLO, IDENTIFY/READY, RESUME, heartbeats, dispatches per shard. */
export class GatewayServer {
  identifyCount = 0;
  /** Accept connections but never say HELLO (see StandIn.stallGateway). */
  stalled = false;
  readonly #options: GatewayOptions;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, GatewaySession>();
  readonly #connections = new Set<GatewayConnection>();

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#wss.on("connection", (socket: WebSocket, request: IncomingMessage) => this.#onConnection(socket, request));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#wss.emit("connection", ws, request));
  }

  get openConnectionCount(): number {
    return [...this.#connections].filter((connection) => connection.open).length;
  }

  get resumeCount(): number {
    return [...this.#sessions.values()].reduce((total, session) => total + session.resumeCount, 0);
  }

  /** Identified sessions that are still valid, connected or waiting for a RESUME. */
  sessions(): ShardSession[] {
    return [...this.#sessions.values()]
      .filter((session) => session.resumable)
      .map((session) => ({
        sessionId: session.id,
        shard: [session.shardId, session.shardCount],
        intents: session.intents,
        connected: session.connected,
        resumeCount: session.resumeCount,
      }));
  }

  /** Sends an event to every valid session whose shard owns `guildId` (DM events: `guildId` null → shard 0). */
  dispatch(guildId: string | null, event: string, data: unknown, requiredIntent: number | null): number {
    let delivered = 0;
    for (const session of this.#sessions.values()) {
      if (!session.resumable) continue;
      if (guildId === null ? session.shardId !== 0 : !session.ownsGuild(guildId)) continue;
      if (requiredIntent !== null && !session.hasIntent(requiredIntent)) continue;
      session.dispatch(event, data);
      delivered += 1;
    }
    return delivered;
  }

  /**
   * Closes every socket. With `resumable` (default) the sessions stay valid, so clients RESUME and
   * get what they missed; otherwise a RESUME is answered with INVALID_SESSION and they re-identify.
   */
  dropConnections(options: { code?: number; resumable?: boolean } = {}): void {
    for (const connection of this.#connections) {
      const session = connection.session;
      if (session) {
        session.connection = null;
        if (options.resumable === false) session.resumable = false;
      }
      connection.close(options.code ?? RESUMABLE_CLOSE_CODE, "stand-in dropped the connection");
    }
    this.#options.signal.notify();
  }

  async close(): Promise<void> {
    for (const connection of this.#connections) connection.socket.terminate();
    this.#connections.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #onConnection(socket: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? "/", "ws://stand-in").searchParams;
    const connection = new GatewayConnection(socket, query.get("compress") === "zlib-stream" ? new ZlibStreamEncoder() : plainJson);
    this.#connections.add(connection);
    socket.on("message", (raw: RawData, isBinary: boolean) => this.#onMessage(connection, raw, isBinary));
    socket.on("close", (code: number) => this.#onClose(connection, code));
    socket.on("error", () => undefined);
    if (query.get("encoding") !== null && query.get("encoding") !== "json") {
      connection.close(GatewayCloseCodes.DecodeError, "only encoding=json is supported");
      return;
    }
    if (query.get("v") !== null && query.get("v") !== "10") {
      connection.close(GatewayCloseCodes.InvalidAPIVersion, "Invalid API version");
      return;
    }
    if (this.stalled) return;
    connection.sendOp(GatewayOpcodes.Hello, { heartbeat_interval: this.#options.heartbeatIntervalMs, _trace: ["stand-in"] });
  }

  #onClose(connection: GatewayConnection, code: number): void {
    this.#connections.delete(connection);
    connection.encoder.close();
    const session = connection.session;
    if (session?.connection === connection) {
      session.connection = null;
      // Discord invalidates a session whose client closed normally.
      if (code === 1000 || code === 1001) session.resumable = false;
    }
    this.#options.signal.notify();
  }

  #onMessage(connection: GatewayConnection, raw: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error("binary frames are not supported");
      payload = JSON.parse(raw.toString()) as { op?: unknown; d?: unknown };
    } catch {
      connection.close(GatewayCloseCodes.DecodeError, "Error while decoding payload.");
      return;
    }
    const data = (typeof payload.d === "object" && payload.d !== null ? payload.d : {}) as Record<string, unknown>;
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        connection.sendOp(GatewayOpcodes.HeartbeatAck, null);
        return;
      case GatewayOpcodes.Identify:
        this.#identify(connection, data);
        return;
      case GatewayOpcodes.Resume:
        this.#resume(connection, data);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!connection.session) connection.close(GatewayCloseCodes.NotAuthenticated, "Not authenticated.");
        else if (payload.op === GatewayOpcodes.RequestGuildMembers) this.#requestGuildMembers(connection.session, data);
        return;
      default:
        connection.close(GatewayCloseCodes.UnknownOpcode, "Unknown opcode.");
    }
  }

  #identify(connection: GatewayConnection, data: Record<string, unknown>): void {
    if (connection.session) {
      connection.close(GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated.");
      return;
    }
    if (data.token !== this.#options.token) {
      connection.close(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
      return;
    }
    const shard = Array.isArray(data.shard) ? data.shard : [0, 1];
    const [shardId, shardCount] = shard.map(Number);
    if (shardId === undefined || shardCount === undefined || !(shardCount >= 1 && shardId >= 0 && shardId < shardCount)) {
      connection.close(GatewayCloseCodes.InvalidShard, "Invalid shard.");
      return;
    }
    if (data.compress === true) connection.encoder = perMessageDeflate;
    this.identifyCount += 1;
    const session = new GatewaySession({ id: randomBytes(16).toString("hex"), shard: [shardId, shardCount], intents: Number(data.intents ?? 0) });
    this.#sessions.set(session.id, session);
    session.attach(connection, []);
    const world = this.#options.world;
    const owned = [...world.guilds.values()].filter((guild) => session.ownsGuild(guild.id));
    session.dispatch(GatewayDispatchEvents.Ready, {
      v: 10,
      user: { ...apiUser(world.botUser), verified: true, mfa_enabled: false },
      user_settings: {},
      guilds: owned.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.#options.url(),
      shard: [shardId, shardCount],
      application: { id: this.#options.applicationId, flags: APPLICATION_FLAGS },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ["stand-in"],
    });
    if (session.hasIntent(GatewayIntentBits.Guilds)) {
      for (const guild of owned) session.dispatch(GatewayDispatchEvents.GuildCreate, gatewayGuildCreate(guild));
    }
    this.#options.signal.notify();
  }

  #resume(connection: GatewayConnection, data: Record<string, unknown>): void {
    const session = typeof data.session_id === "string" ? this.#sessions.get(data.session_id) : undefined;
    const missed = session && data.token === this.#options.token && session.resumable ? session.missedSince(Number(data.seq ?? 0)) : undefined;
    if (!session || !missed) {
      connection.sendOp(GatewayOpcodes.InvalidSession, false);
      return;
    }
    if (session.connection && session.connection !== connection) session.connection.close(RESUMABLE_CLOSE_CODE, "session resumed elsewhere");
    session.resumeCount += 1;
    session.attach(connection, missed);
    session.dispatch(GatewayDispatchEvents.Resumed, { _trace: ["stand-in"] });
    this.#options.signal.notify();
  }

  #requestGuildMembers(session: GatewaySession, data: Record<string, unknown>): void {
    const guild = typeof data.guild_id === "string" ? this.#options.world.guilds.get(data.guild_id) : undefined;
    if (!guild) return;
    const userIds = Array.isArray(data.user_ids) ? data.user_ids.map(String) : typeof data.user_ids === "string" ? [data.user_ids] : undefined;
    const query = typeof data.query === "string" ? data.query.toLowerCase() : undefined;
    if (userIds === undefined && !session.hasIntent(GatewayIntentBits.GuildMembers)) {
      this.#options.violations.record("GATEWAY", "op 8 REQUEST_GUILD_MEMBERS", "requesting members by query needs the GUILD_MEMBERS intent");
    }
    const limit = Number(data.limit ?? 0) || Number.POSITIVE_INFINITY;
    const members = [...guild.members.values()]
      .filter((member) => (userIds ? userIds.includes(member.id) : member.username.toLowerCase().startsWith(query ?? "")))
      .slice(0, limit);
    session.dispatch(GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: guild.id,
      members: members.map(apiGuildMember),
      chunk_index: 0,
      chunk_count: 1,
      ...(userIds && { not_found: userIds.filter((id) => !guild.members.has(id)) }),
      ...(typeof data.nonce === "string" && { nonce: data.nonce }),
    });
  }
}
