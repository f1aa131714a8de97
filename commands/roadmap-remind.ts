import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { renderReminderChoice } from "../src/discord/render/member-choices.ts";
import { WEEKDAYS } from "../src/leaderboard/week.ts";
import { sendDirectMessage } from "../src/reminders/direct-message.ts";
import { DEFAULT_REMINDER_TIME, setReminder } from "../src/reminders/reminder-service.ts";
import { ENGLISH } from "../src/i18n/english.ts";

export const remindCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "remind",
    description: "Get a weekly DM nudge in weeks you haven't checked anything (or turn it off)",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "weekday",
        description: "The day of the reminder, in the group's time zone; off stops reminders",
        required: true,
        choices: [...WEEKDAYS.map((day) => ({ name: ENGLISH.weekday(day.value), value: day.name })), { name: "Off", value: "off" }],
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "time",
        description: `Local time, HH:MM on a 24-hour clock (default: ${DEFAULT_REMINDER_TIME})`,
        max_length: 5,
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const outcome = await setReminder(
      ctx,
      { guildId: interaction.guildId, userId: interaction.user.id, guildName: interaction.guild.name, locale: interaction.locale },
      { weekday: args.weekday, time: args.time ?? null },
      (body) => sendDirectMessage(interaction.client.rest, interaction.user.id, body),
    );
    return { content: renderReminderChoice(outcome, ctx.i18n.forLocale(interaction.locale)) };
  },
});
