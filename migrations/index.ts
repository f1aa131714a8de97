import type { Migration } from "kysely";
import * as progress from "./20261128T120000-progress.ts";
import * as scheduler from "./20261128T130000-scheduler.ts";
import * as imports from "./20261128T140000-imports.ts";
import * as group from "./20261128T150000-group.ts";
import * as displayNames from "./20261128T160000-display-names.ts";
import * as leaderboardScores from "./20261129T140000-leaderboard-scores.ts";
import * as memberFrontier from "./20261129T130000-member-frontier.ts";
import * as checkFunctions from "./20261130T120000-check-functions.ts";
import * as firstDone from "./20261201T100000-first-done.ts";
import * as departedMembers from "./20261201T110000-departed-members.ts";
import * as firstCheckTimes from "./20261201T120000-first-check-times.ts";
import * as guildJobFailures from "./20261201T130000-guild-job-failures.ts";
import * as milestoneRoleVetting from "./20261201T140000-milestone-role-vetting.ts";
import * as rulesInSourceFiles from "./20261202T100000-rules-in-source-files.ts";
import * as windowScoreCounts from "./20261202T200000-window-score-counts.ts";
import * as roadmaps from "./20261203T100000-roadmaps.ts";
import * as guildTracks from "./20261203T200000-guild-tracks.ts";
import * as memberTracks from "./20261203T210000-member-tracks.ts";
import * as languages from "./20261204T100000-languages.ts";
import * as emptyWeeks from "./20261205T100000-empty-weeks.ts";
import * as memberPlaces from "./20261210T100000-member-places.ts";
import * as allTimeScoreCounts from "./20261212T100000-all-time-score-counts.ts";
import * as roadmapLanguages from "./20261213T100000-roadmap-languages.ts";
import * as trackJobFailures from "./20261215T100000-track-job-failures.ts";
import * as scoreRefreshQueue from "./20261216T100000-score-refresh-queue.ts";
import * as stoppedTrackVersions from "./20261216T110000-stopped-track-versions.ts";
import * as trackDeliveryPause from "./20261211T100000-track-delivery-pause.ts";

/** Every migration, keyed by its sortable name. Add new ones here; never edit or rename old ones. */
export const migrations: Record<string, Migration> = {
  "20261128T120000-progress": progress,
  "20261128T130000-scheduler": scheduler,
  "20261128T140000-imports": imports,
  "20261128T150000-group": group,
  "20261128T160000-display-names": displayNames,
  "20261129T130000-member-frontier": memberFrontier,
  "20261129T140000-leaderboard-scores": leaderboardScores,
  "20261130T120000-check-functions": checkFunctions,
  "20261201T100000-first-done": firstDone,
  "20261201T110000-departed-members": departedMembers,
  "20261201T120000-first-check-times": firstCheckTimes,
  "20261201T130000-guild-job-failures": guildJobFailures,
  "20261201T140000-milestone-role-vetting": milestoneRoleVetting,
  "20261202T100000-rules-in-source-files": rulesInSourceFiles,
  "20261202T200000-window-score-counts": windowScoreCounts,
  "20261203T100000-roadmaps": roadmaps,
  "20261203T200000-guild-tracks": guildTracks,
  "20261203T210000-member-tracks": memberTracks,
  "20261204T100000-languages": languages,
  "20261205T100000-empty-weeks": emptyWeeks,
  "20261210T100000-member-places": memberPlaces,
  "20261211T100000-track-delivery-pause": trackDeliveryPause,
  "20261212T100000-all-time-score-counts": allTimeScoreCounts,
  "20261213T100000-roadmap-languages": roadmapLanguages,
  "20261215T100000-track-job-failures": trackJobFailures,
  "20261216T100000-score-refresh-queue": scoreRefreshQueue,
  "20261216T110000-stopped-track-versions": stoppedTrackVersions,
};
