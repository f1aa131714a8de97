import type { RestResponse } from "./failures.ts";
import { RestFailure } from "./rest-router.ts";

/** Discord's JSON error bodies, as RestFailures to throw from route handlers. */

function failure(status: number, code: number, message: string, violation?: string): RestFailure {
  return new RestFailure({ status, body: { message, code } }, violation);
}

export const notFoundRoute = (): RestResponse => ({ status: 404, body: { message: "404: Not Found", code: 0 } });
export const unauthorized = (): RestResponse => ({ status: 401, body: { message: "401: Unauthorized", code: 0 } });
export const invalidJsonBody = (message: string): RestResponse => ({ status: 400, body: { message, code: 50109 } });
export const emptyMessage = (): RestResponse => ({ status: 400, body: { message: "Cannot send an empty message", code: 50006 } });

export const unknownChannel = () => failure(404, 10003, "Unknown Channel");
export const unknownGuild = () => failure(404, 10004, "Unknown Guild");
export const unknownMember = () => failure(404, 10007, "Unknown Member");
export const unknownMessage = (violation?: string) => failure(404, 10008, "Unknown Message", violation);
export const unknownRole = () => failure(404, 10011, "Unknown Role");
export const unknownUser = () => failure(404, 10013, "Unknown User");
export const unknownWebhook = (violation?: string) => failure(404, 10015, "Unknown Webhook", violation);
export const unknownInteraction = (violation?: string) => failure(404, 10062, "Unknown interaction", violation);
export const unknownCommand = () => failure(404, 10063, "Unknown application command");
export const alreadyAcknowledged = (violation: string) => failure(400, 40060, "Interaction has already been acknowledged.", violation);
export const missingAccess = () => failure(403, 50001, "Missing Access");
export const cannotMessageUser = () => failure(403, 50007, "Cannot send messages to this user");
export const missingPermissions = () => failure(403, 50013, "Missing Permissions");
export const invalidWebhookToken = (violation: string) => failure(401, 50027, "Invalid Webhook Token", violation);
