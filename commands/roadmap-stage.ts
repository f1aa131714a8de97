import { ApplicationCommandOptionType, ButtonStyle, ComponentType } from "discord.js";
import type { Clock } from "../src/clock.ts";
import type { ButtonHandler, Reply, Subcommand } from "../src/discord/command.ts";
import { targetMember } from "../src/discord/members.ts";
import { paginateStage, renderStagePage } from "../src/discord/render/stage.ts";
import { UserError } from "../src/errors.ts";
import { loadSummary, roadmapForGuild } from "../src/progress/progress-service.ts";
import type { Roadmap } from "../src/catalogue/catalogue.ts";
import type { AppContext } from "../src/context.ts";
import type { MemberKey } from "../src/db/progress-repository.ts";

const BUTTON_PREFIX = "stage";
const BUTTON_LIFETIME_MS = 15 * 60_000;

/** Everything a page button needs, carried in its custom id so paging survives a restart. */
interface StageView {
  readonly guildId: string;
  readonly ownerId: string;
  readonly targetId: string;
  readonly stage: number;
  readonly page: number;
  readonly expiresAt: number;
}

function encodeView(view: StageView): string {
  return [BUTTON_PREFIX, view.stage, view.page, view.guildId, view.ownerId, view.targetId, view.expiresAt.toString(36)].join(":");
}

function decodeView(customId: string): StageView | undefined {
  const [prefix, stage, page, guildId, ownerId, targetId, expires] = customId.split(":");
  const snowflake = /^\d{1,20}$/;
  if (prefix !== BUTTON_PREFIX || !stage || !page || !guildId || !ownerId || !targetId || !expires) return undefined;
  if (![guildId, ownerId, targetId].every((id) => snowflake.test(id))) return undefined;
  const view = { guildId, ownerId, targetId, stage: Number(stage), page: Number(page), expiresAt: parseInt(expires, 36) };
  if (!Number.isInteger(view.stage) || !Number.isInteger(view.page) || !Number.isFinite(view.expiresAt)) return undefined;
  return view;
}

async function renderView(
  ctx: AppContext,
  roadmap: Roadmap,
  view: StageView,
  target: { key: MemberKey; displayName: string },
): Promise<Reply> {
  const stage = roadmap.stage(view.stage);
  if (!stage) throw new UserError(`This roadmap has stages 1 to ${roadmap.stages.length}; there is no stage ${view.stage}.`);
  const summary = await loadSummary(ctx, target.key, roadmap);
  const pages = paginateStage(stage, summary.doneIds);
  const page = Math.min(Math.max(view.page, 0), pages.length - 1);
  const embed = renderStagePage({ stage, doneIds: summary.doneIds, pages, page, displayName: target.displayName });
  if (pages.length === 1) return { embeds: [embed], ephemeral: true };
  const button = (label: string, toPage: number, disabled: boolean) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label,
    custom_id: encodeView({ ...view, page: toPage }),
    disabled,
  });
  return {
    embeds: [embed],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [button("◀ Previous", page - 1, page === 0), button("Next ▶", page + 1, page === pages.length - 1)],
      },
    ],
    ephemeral: true,
  };
}

function expiresAt(clock: Clock): number {
  return clock.now().getTime() + BUTTON_LIFETIME_MS;
}

export const stageCommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: "stage",
    description: "Show a stage's sections and items with done marks",
    options: [
      {
        type: ApplicationCommandOptionType.Integer,
        name: "number",
        description: "Which stage",
        required: true,
        min_value: 1,
        max_value: 3,
      },
      {
        type: ApplicationCommandOptionType.User,
        name: "member",
        description: "Whose checklist to show (default: yours)",
      },
    ],
  },
  ephemeral: true,
  async execute(ctx, interaction) {
    const target = targetMember(interaction);
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    const view: StageView = {
      guildId: interaction.guildId,
      ownerId: interaction.user.id,
      targetId: target.key.userId,
      stage: interaction.options.getInteger("number", true),
      page: 0,
      expiresAt: expiresAt(ctx.clock),
    };
    return renderView(ctx, roadmap, view, target);
  },
} as const satisfies Subcommand;

export const stagePageButton = {
  prefix: BUTTON_PREFIX,
  async handle(ctx, interaction) {
    const view = decodeView(interaction.customId);
    if (!view || view.guildId !== interaction.guildId) {
      throw new UserError("This button doesn't belong here. Run `/roadmap stage` to open your own view.");
    }
    if (view.ownerId !== interaction.user.id) {
      throw new UserError("Only the member who opened this view can page it. Run `/roadmap stage` to open your own.");
    }
    if (ctx.clock.now().getTime() > view.expiresAt) {
      throw new UserError("These buttons have expired (they work for 15 minutes). Run `/roadmap stage` again.");
    }
    const roadmap = await roadmapForGuild(ctx, interaction.guildId);
    const displayName =
      view.targetId === interaction.user.id
        ? interaction.member.displayName
        : await interaction.guild.members.fetch(view.targetId).then(
            (member) => member.displayName,
            () => "a former member",
          );
    return renderView(ctx, roadmap, view, { key: { guildId: view.guildId, userId: view.targetId }, displayName });
  },
} as const satisfies ButtonHandler;
