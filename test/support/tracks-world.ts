import { PermissionFlagsBits } from "discord.js";
import type { Clock } from "../../src/clock.ts";
import type { ChannelModel, GuildModel, MemberModel, MessageView, StandIn } from "../standin/index.ts";
import type { TestBot } from "./bot.ts";
import { pageFiles, press } from "./roadmap-upload.ts";
import { startBotWorld, type BotWorld } from "./world.ts";

/**
 * Issue 18's world: a server with two channels and an organiser, and another server with an
 * organiser of its own (which must never see the first one's uploads).
 */
export interface TracksWorld {
  readonly world: BotWorld;
  readonly standIn: StandIn;
  readonly bot: TestBot;
  readonly guild: GuildModel;
  readonly otherGuild: GuildModel;
  /** The channels of the server's own roadmap's track and of the uploaded roadmap's. */
  readonly aiChannel: ChannelModel;
  readonly webChannel: ChannelModel;
  readonly organiser: MemberModel;
  readonly otherOrganiser: MemberModel;
}

export async function startTracksWorld(clock: Clock, names: { guild: string; otherGuild: string }): Promise<TracksWorld> {
  let guild: GuildModel | undefined;
  let otherGuild: GuildModel | undefined;
  const world = await startBotWorld({
    clock,
    beforeBot: (s) => {
      guild = s.addGuild({ name: names.guild });
      otherGuild = s.addGuild({ name: names.otherGuild });
    },
  });
  const aiChannel = guild!.addChannel({ name: "ai-progress" });
  const webChannel = guild!.addChannel({ name: "web-progress" });
  const organiser = guild!.addMember({ username: "organiser", permissions: PermissionFlagsBits.ManageGuild });
  const otherOrganiser = otherGuild!.addMember({ username: "elsewhere", permissions: PermissionFlagsBits.ManageGuild });
  // The gateway events for the new channels and members reach the bot before the first command.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { world, standIn: world.standIn, bot: world.bot, guild: guild!, otherGuild: otherGuild!, aiChannel, webChannel, organiser, otherOrganiser };
}

/** `/roadmap-admin` as `member`, in the first track's channel. */
export async function adminCommand(tracks: TracksWorld, member: MemberModel, subcommand: string, options: Record<string, unknown>, group?: string): Promise<MessageView> {
  const handle = await tracks.standIn.command({ member, channel: tracks.aiChannel, name: "roadmap-admin", ...(group && { group }), subcommand, options: options as never });
  return handle.reply();
}

/** Uploads and confirms the three-page Web Development Path (test/fixtures/roadmap-upload/v1); returns its id. */
export async function uploadWebRoadmap(tracks: TracksWorld): Promise<string> {
  const preview = await adminCommand(tracks, tracks.organiser, "upload", pageFiles("v1"), "roadmap");
  await press(tracks.standIn, tracks.organiser, preview, "Confirm");
  const stored = await tracks.bot.context.db.selectFrom("roadmaps").select("roadmap_id").where("guild_id", "=", tracks.guild.id).executeTakeFirstOrThrow();
  return stored.roadmap_id;
}
