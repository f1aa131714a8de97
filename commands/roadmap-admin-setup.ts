import { ApplicationCommandOptionType, ChannelType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { checkPostingPermissions, missingOrganiserPermissions } from "../src/discord/permissions.ts";
import { discordTime, safeText } from "../src/discord/render/text.ts";
import { roadmapChoices, roadmapTitle } from "../src/roadmaps/roadmap-choices.ts";
import { EMPTY_WEEK_CHOICES, emptyWeeksLine } from "../src/discord/render/leaderboard.ts";
import { EMPTY_WEEKS } from "../src/db/schema.ts";
import { UserError } from "../src/errors.ts";
import { prepareLeaderboardScores } from "../src/leaderboard/leaderboard-service.ts";
import { LANGUAGE_CHOICES, serverLanguageLine } from "../src/i18n/server-language.ts";
import { weekdayName, WEEKDAYS, type Weekday } from "../src/leaderboard/week.ts";
import { setupGuild, timezoneSuggestions } from "../src/settings/guild-settings.ts";

/** Where posts can go; Discord's client offers only these, but a forged one may send any channel. */
const POST_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const setupCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "setup",
    description: "Choose the channel and time for weekly leaderboards and milestone posts",
    options: [
      {
        type: ApplicationCommandOptionType.Channel,
        name: "channel",
        description: "Where to post",
        required: true,
        channel_types: [...POST_CHANNEL_TYPES],
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "roadmap",
        description: "The track to start or change (default: the server's one track)",
        autocomplete: true,
        max_length: 100,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "day",
        description: "Weekday the week starts and the leaderboard is posted (default: Monday)",
        choices: WEEKDAYS.map((day) => ({ name: weekdayName(day.value), value: day.name })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "time",
        description: "Local time of the post, HH:MM on a 24-hour clock (default: 09:00)",
        max_length: 5,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "timezone",
        description: "The group's time zone, e.g. Europe/Berlin (default: UTC)",
        autocomplete: true,
        max_length: 64,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "language",
        description: "Language of posts, celebrations and DMs (default: the server's Discord language)",
        choices: LANGUAGE_CHOICES,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "empty_weeks",
        description: "A week nobody checked anything in: post a short note, or skip it (default: unchanged, at first post)",
        choices: EMPTY_WEEKS.map((value) => ({ name: EMPTY_WEEK_CHOICES[value], value })),
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const { channel } = args;
    if (!(POST_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type)) {
      throw new UserError(`I can only post in text and announcement channels, and <#${channel.id}> is neither. Pick another channel.`);
    }
    const yours = missingOrganiserPermissions(channel.permissions);
    if (yours.length > 0) {
      throw new UserError(`You can't post in <#${channel.id}> yourself (you're missing ${yours.join(", ")} there), so I won't post there for you. Pick a channel you can post in.`);
    }
    const posting = await checkPostingPermissions(interaction.client, interaction.guild, channel.id, ctx.clock.now());
    if (!posting.visible) throw new UserError(`I can't see <#${channel.id}>. Give me the View Channel permission there, or pick another channel.`);
    if (posting.missing.length > 0) {
      throw new UserError(`I can't post in <#${channel.id}>: I'm missing ${posting.missing.join(", ")} there. Grant them, or pick another channel.`);
    }
    const { track, guild } = await setupGuild(ctx, interaction.guildId, {
      roadmapId: args.roadmap ?? null,
      channelId: channel.id,
      weekday: args.day ?? null,
      time: args.time ?? null,
      timezone: args.timezone ?? null,
      language: args.language ?? null,
      emptyWeeks: args.empty_weeks ?? null,
    });
    // A new weekday or zone means new weeks: build their scores now, so no member's first
    // leaderboard waits for it (seconds in a very large server; this reply is deferred if so).
    await prepareLeaderboardScores(ctx, interaction.guildId);
    const day = weekdayName(track.post_weekday as Weekday);
    const next = track.next_post_at!;
    const title = args.roadmap === undefined ? "" : ` for **${safeText(await roadmapTitle(ctx, track.roadmap_id), 100)}**`;
    return {
      content: [
        `✅ Weekly leaderboard${title}: every **${day}** at **${track.post_time}** (${track.timezone}) in <#${channel.id}>.`,
        `First post: ${discordTime(next, "F")} (${discordTime(next, "R")}). Milestone celebrations go there too.`,
        serverLanguageLine(ctx.i18n.forLocale(interaction.locale), guild.language, interaction.guildLocale),
        emptyWeeksLine(guild.empty_weeks),
      ].join("\n"),
    };
  },
  async autocomplete(ctx, interaction) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === "roadmap") return roadmapChoices(ctx, interaction.guildId, String(focused.value));
    const typed = String(focused.value).slice(0, 64);
    return timezoneSuggestions(typed, 25).map((zone) => ({ name: zone, value: zone }));
  },
});
