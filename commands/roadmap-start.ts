import { ApplicationCommandOptionType } from "discord.js";
import { subcommand } from "../src/discord/command.ts";
import { callerKey } from "../src/discord/members.ts";
import { renderJourneyDates } from "../src/discord/render/member-choices.ts";
import { parseCalendarDate } from "../src/progress/dates.ts";
import { setJourney } from "../src/progress/progress-service.ts";

export const startCommand = subcommand({
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "start",
    description: "Set when you started the roadmap and when you aim to finish",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "started",
        description: "Start date, YYYY-MM-DD (default: keep the current one)",
        max_length: 10,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "target",
        description: "Target completion date, YYYY-MM-DD",
        max_length: 10,
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction, args) {
    const startedOn = args.started === undefined ? undefined : parseCalendarDate(args.started, "start");
    const targetOn = args.target === undefined ? undefined : parseCalendarDate(args.target, "target");
    const member = await setJourney(ctx, callerKey(interaction), { startedOn, targetOn });
    const changed = startedOn !== undefined || targetOn !== undefined;
    return { content: renderJourneyDates(member, changed, ctx.i18n.forLocale(interaction.locale)) };
  },
});
