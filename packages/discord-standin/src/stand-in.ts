import type { Server } from "node:http";
import type { APIApplicationCommand } from "discord-api-types/v10";
import type { FailureInjector, FailureSpec } from "./failures.ts";
import type { ShardSession } from "./gateway.ts";
import type { AutocompleteInput, CommandInput, ComponentInput } from "./interaction-payloads.ts";
import { InteractionSender } from "./interaction-sender.ts";
import { DEFAULT_WAIT_MS, type InteractionHandle } from "./interactions.ts";
import { viewOf, type MessageView, type UploadedFile } from "./messages.ts";
import type { AddGuildOptions, AddUserOptions, ChannelModel, GuildModel, MemberModel, UserModel } from "./models.ts";
import type { RestRequestRecord, RestServer, UnknownRoute } from "./rest-server.ts";
import type { RoleChange, StandInState } from "./state.ts";
import type { Violation } from "./violations.ts";

/** Options for `channelMessages`. */
export interface ChannelMessageFilter {
  /** Also list interaction responses and follow-ups posted in the channel (default false: only POST /channels/{id}/messages). */
  includeInteractionResponses?: boolean;
}

/** A stand-in Discord (REST + gateway) on 127.0.0.1 for a real discord.js client. */
export class StandIn {
  /** For `new Client({ rest: { api: standIn.restUrl } })`: http://127.0.0.1:PORT/api */
  readonly restUrl: string;
  readonly gatewayUrl: string;
  /** The only bot token the stand-in accepts. */
  readonly token: string;
  readonly application: { readonly id: string };
  readonly botUser: UserModel;
  readonly #state: StandInState;
  readonly #rest: RestServer;
  readonly #failures: FailureInjector;
  readonly #sender: InteractionSender;
  readonly #httpServer: Server;

  constructor(init: { state: StandInState; rest: RestServer; failures: FailureInjector; httpServer: Server; restUrl: string }) {
    this.#state = init.state;
    this.#rest = init.rest;
    this.#failures = init.failures;
    this.#httpServer = init.httpServer;
    this.#sender = new InteractionSender(init.state);
    this.restUrl = init.restUrl;
    this.gatewayUrl = init.state.urls.gateway;
    this.token = init.state.token;
    this.application = { id: init.state.applicationId };
    this.botUser = init.state.world.botUser;
  }

  /** Every REST request, in arrival order. */
  get requests(): readonly RestRequestRecord[] {
    return this.#rest.requests;
  }

  /** Requests to routes the stand-in does not serve (answered 404). */
  get unknownRoutes(): readonly UnknownRoute[] {
    return this.#rest.unknownRoutes;
  }

  get violations(): readonly Violation[] {
    return this.#state.violations.list;
  }

  /** Role assignments and removals the bot made through the API. */
  get roleChanges(): readonly RoleChange[] {
    return this.#state.roleChanges;
  }

  /** PUT requests (bulk overwrites) on the commands routes, accepted or not. */
  get commandPutCount(): number {
    return this.#state.commands.putCount;
  }

  get guilds(): GuildModel[] {
    return [...this.#state.world.guilds.values()];
  }

  /** Adds a guild with the bot in it. After the bot connected, the owning shard gets GUILD_CREATE. */
  addGuild(options: AddGuildOptions = {}): GuildModel {
    return this.#state.world.addGuild(options);
  }

  /** A user in no guild, e.g. for DM interactions. */
  addUser(options: AddUserOptions = {}): UserModel {
    return this.#state.world.addUser(options);
  }

  /** Sends a slash command (APPLICATION_COMMAND, type 2). Options are typed from the registered command when there is one. */
  async command(input: CommandInput): Promise<InteractionHandle> {
    return this.#sender.command(input);
  }

  /** Sends an autocomplete request (type 4) for option `focused` with the text typed so far. */
  async autocomplete(input: AutocompleteInput): Promise<InteractionHandle> {
    return this.#sender.autocomplete(input);
  }

  /** Presses a button on a message the bot sent (MESSAGE_COMPONENT, type 3). */
  async pressButton(input: ComponentInput): Promise<InteractionHandle> {
    return this.#sender.component(input);
  }

  /** Picks `values` in a select menu on a message the bot sent. */
  async selectMenu(input: ComponentInput & { values: string[] }): Promise<InteractionHandle> {
    return this.#sender.component(input, input.values);
  }

  /** Messages the bot posted in a channel, oldest first (ephemeral ones only with includeInteractionResponses). */
  channelMessages(channel: string | ChannelModel, filter: ChannelMessageFilter = {}): MessageView[] {
    const channelId = typeof channel === "string" ? channel : channel.id;
    return this.#state.messages
      .inChannel(channelId)
      .filter((message) => filter.includeInteractionResponses === true || message.origin === "channel")
      .map(viewOf);
  }

  /** Messages the bot sent to a user's DMs. */
  directMessages(user: UserModel | MemberModel): MessageView[] {
    const channel = this.#state.world.existingDirectMessageChannel(user.id);
    return channel ? this.channelMessages(channel) : [];
  }

  /** The first message in the channel (already there or still to come) that matches. */
  waitForChannelMessage(channel: string | ChannelModel, predicate: (message: MessageView) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<MessageView> {
    const channelId = typeof channel === "string" ? channel : channel.id;
    return this.#state.signal.waitFor(
      () => this.channelMessages(channelId).find(predicate),
      timeoutMs,
      () => `no matching message in channel ${channelId} within ${timeoutMs}ms (${this.channelMessages(channelId).length} message(s) there)`,
    );
  }

  /** Any message the bot created, by id, in its current state. */
  message(messageId: string): MessageView | undefined {
    const stored = this.#state.messages.get(messageId);
    return stored && viewOf(stored);
  }

  /** The bytes behind an attachment the bot uploaded (or a member attached), as served at its URL. */
  attachmentFile(attachmentId: string): UploadedFile | undefined {
    return this.#state.messages.findFile(attachmentId);
  }

  /** Makes the next matching request(s) fail with `status` (429s carry Discord's rate-limit headers). */
  failNext(spec: FailureSpec): void {
    this.#failures.add(spec);
  }

  assertNoViolations(): void {
    this.#state.violations.assertNone();
  }

  waitForViolation(predicate: (violation: Violation) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<Violation> {
    return this.#state.signal.waitFor(() => this.violations.find(predicate), timeoutMs, () => `no matching violation within ${timeoutMs}ms`);
  }

  /** The command set stored via PUT/POST: global, or for one guild. */
  registeredCommands(guild?: string | GuildModel): APIApplicationCommand[] {
    return this.#state.commands.list(typeof guild === "object" ? guild.id : guild);
  }

  /** Identified sessions that are connected right now. */
  readyShards(): ShardSession[] {
    return this.#state.gateway.sessions().filter((session) => session.connected);
  }

  /** Resolves once at least `shardCount` sessions are identified (or resumed) and connected. */
  waitForReady(shardCount = 1, timeoutMs = 10_000): Promise<ShardSession[]> {
    return this.#state.signal.waitFor(
      () => {
        const ready = this.readyShards();
        return ready.length >= shardCount ? ready : undefined;
      },
      timeoutMs,
      () => `expected ${shardCount} connected gateway session(s) within ${timeoutMs}ms, have ${this.readyShards().length}`,
    );
  }

  /** Closes every gateway socket with a resumable code (4000); clients reconnect and RESUME. */
  dropGatewayConnections(options: { code?: number; resumable?: boolean } = {}): void {
    this.#state.gateway.dropConnections(options);
  }

  /** While stalled, gateway connections open but never get HELLO, as behind a proxy that swallows WebSocket traffic. */
  stallGateway(stalled = true): void {
    this.#state.gateway.stalled = stalled;
  }

  get gatewayStats(): { openConnections: number; identifies: number; resumes: number } {
    const gateway = this.#state.gateway;
    return { openConnections: gateway.openConnectionCount, identifies: gateway.identifyCount, resumes: gateway.resumeCount };
  }

  /** Calls `listener` after anything changes (messages, world, gateway sessions); returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    return this.#state.signal.subscribe(listener);
  }

  /** Moves the stand-in's clock forward (interaction deadlines, token expiry, nonce windows). */
  advanceClock(ms: number): void {
    this.#state.clock.advance(ms);
  }

  async close(): Promise<void> {
    await this.#state.gateway.close();
    this.#httpServer.closeAllConnections();
    await new Promise<void>((done) => this.#httpServer.close(() => done()));
  }
}
