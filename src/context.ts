import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Catalogue } from "./catalogue/catalogue.ts";
import type { GuildRoadmaps } from "./catalogue/guild-roadmaps.ts";
import type { Clock } from "./clock.ts";
import type { Database } from "./db/schema.ts";
import type { I18n } from "./i18n/translator.ts";
import type { ScoreRefresher } from "./leaderboard/score-refresher.ts";
import type { Metrics } from "./ops/metrics.ts";
import type { PictureRenderer } from "./pictures/render-pool.ts";
import type { ImportFiles } from "./portability/import-service.ts";
import type { UploadParser } from "./roadmaps/upload-parser.ts";

/** Everything a handler or service needs, passed in rather than imported. */
export interface AppContext {
  readonly db: Kysely<Database>;
  readonly catalogue: Catalogue;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Messages in every language we speak: `ctx.i18n.forLocale(interaction.locale).t("progress:title", …)`. */
  readonly i18n: I18n;
  /** Asks the outbox to deliver soon: a command just queued a post. */
  readonly outbox: { kick(): void };
  readonly metrics: Pick<Metrics, "interaction" | "delivery" | "guildFailure">;
  /** Draws progress cards and leaderboard images off the event loop; undefined when pictures are off. */
  readonly pictures: PictureRenderer | undefined;
  /** The roadmap version each guild runs (asked of the database each time) and the stored versions, kept in memory; without it the catalogue's file answers. */
  readonly guildRoadmaps?: GuildRoadmaps;
  /** Counts members' leaderboard scores after their checks, off the check's path; without it a check counts before it answers. */
  readonly scores?: ScoreRefresher;
  /** Reads organisers' uploaded roadmaps (`/roadmap-admin roadmap upload`) on a worker thread. */
  readonly roadmapParser?: UploadParser;
  /** Downloads and reads members' uploaded files (`/roadmap import`) off the event loop. */
  readonly importFiles?: ImportFiles;
}
