import { ApplicationCommandOptionType, ChannelType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { checkPostingPermissions, missingOrganiserPermissions } from "../src/discord/permissions.ts";
import { discordTime, truncate } from "../src/discord/render/text.ts";
import { roadmapChoices, roadmapTitle } from "../src/roadmaps/roadmap-choices.ts";
import { EMPTY_WEEK_CHOICES, emptyWeeksLine } from "../src/discord/render/leaderboard.ts";
import { EMPTY_WEEKS } from "../src/db/schema.ts";
import { UserError } from "../src/errors.ts";
import { openTrackWindows } from "../src/leaderboard/leaderboard-service.ts";
import { WEEKDAYS } from "../src/leaderboard/week.ts";
import { LANGUAGE_CHOICES, serverLanguageLine } from "../src/i18n/server-language.ts";
import { permissionMessages, setupGuild, timezoneSuggestions } from "../src/settings/guild-settings.ts";
import { ENGLISH } from "../src/i18n/english.ts";

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
        choices: WEEKDAYS.map((day) => ({ name: ENGLISH.weekday(day.value), value: day.name })),
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
    const where = `<#${channel.id}>`;
    if (!(POST_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type)) {
      throw new UserError({ key: "admin:setup.notPostable", values: { channel: where } });
    }
    const yours = missingOrganiserPermissions(channel.permissions);
    if (yours.length > 0) throw new UserError({ key: "admin:setup.organiserCannotPost", values: { channel: where, missing: permissionMessages(yours) } });
    const posting = await checkPostingPermissions(interaction.client, interaction.guild, channel.id, ctx.clock.now());
    if (!posting.visible) throw new UserError({ key: "admin:setup.botCannotSee", values: { channel: where } });
    if (posting.missing.length > 0) {
      throw new UserError({ key: "admin:setup.botCannotPost", values: { channel: where, missing: permissionMessages(posting.missing) } });
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
    // A new weekday or zone means new weeks: keep the track's now, so no member's first
    // leaderboard counts them (seconds in a very large server; this reply is deferred if so).
    await openTrackWindows(ctx, track);
    const t = ctx.i18n.forLocale(interaction.locale);
    const next = track.next_post_at!;
    const day = t.weekday(track.post_weekday);
    // A named track is said first (its title is the organiser's upload: escaped, not translated).
    const title = args.roadmap === undefined ? [] : [t.t("roadmaps:setup.track", { title: truncate(await roadmapTitle(ctx, track.roadmap_id), 100) })];
    return {
      content: [
        ...title,
        t.t("admin:setup.done", { day, time: track.post_time, timezone: track.timezone, channel: where }),
        t.t("admin:setup.firstPost", { at: discordTime(next, "F"), relative: discordTime(next, "R") }),
        serverLanguageLine(t, guild.language, interaction.guildLocale),
        emptyWeeksLine(guild.empty_weeks, t),
      ].join("\n"),
    };
  },
  async autocomplete(ctx, interaction) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === "roadmap") return roadmapChoices(ctx, interaction.guildId, String(focused.value), ctx.i18n.forLocale(interaction.locale));
    const typed = String(focused.value).slice(0, 64);
    return timezoneSuggestions(typed, 25).map((zone) => ({ name: zone, value: zone }));
  },
});
