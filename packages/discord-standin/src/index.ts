/** Public API of the stand-in Discord: end-to-end tests and the sandbox (`npm run sandbox`) drive the bot through it. */
export { startStandIn, DEFAULT_OPENAPI_PATH, type StandInOptions } from "./server.ts";
export { StandIn, type ChannelMessageFilter } from "./stand-in.ts";
export { InteractionHandle, CALLBACK_DEADLINE_MS, TOKEN_LIFETIME_MS, type CallbackBody, type RejectedCallback } from "./interactions.ts";
export { GuildModel, ChannelModel, MemberModel } from "./models.ts";
export type { UserModel, RoleModel, AddGuildOptions, AddChannelOptions, AddRoleOptions, AddMemberOptions, AddUserOptions } from "./models.ts";
export type { CommandInput, AutocompleteInput, ComponentInput, InteractionActor, OptionValue } from "./interaction-payloads.ts";
export type { MessageView, UploadedFile } from "./messages.ts";
export type { FailureSpec } from "./failures.ts";
export type { Violation } from "./violations.ts";
export type { RestRequestRecord, UnknownRoute } from "./rest-server.ts";
export type { ShardSession } from "./gateway.ts";
export { RESUMABLE_CLOSE_CODE } from "./gateway.ts";
export type { RoleChange } from "./state.ts";
export { shardOf } from "./snowflakes.ts";
export { messageLimitProblems, commandLimitProblems, autocompleteLimitProblems } from "./limits.ts";
export { clientRuleProblem } from "./client-rules.ts";
