// From discord.js, not @discordjs/rest: the client's REST is discord.js's CommonJS copy, and
// instanceof only matches errors from that same copy.
import { DiscordAPIError, Routes, type APIChannel, type APIMessage, type REST, type RESTPostAPIChannelMessageJSONBody } from "discord.js";

/** Discord's "Cannot send messages to this user": the member closed their DMs (or blocked the bot). */
export const DIRECT_MESSAGES_CLOSED = 50007;

export function isDirectMessagesClosed(error: unknown): boolean {
  return error instanceof DiscordAPIError && Number(error.code) === DIRECT_MESSAGES_CLOSED;
}

/** Opens (or reuses) the bot's DM channel with the user and posts there; returns the message id. */
export async function sendDirectMessage(rest: REST, userId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<string> {
  const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
  const message = (await rest.post(Routes.channelMessages(channel.id), { body })) as APIMessage;
  return message.id;
}
