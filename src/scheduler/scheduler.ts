import cron, { type ScheduledTask } from "node-cron";
import { enqueueDueLeaderboards } from "../leaderboard/weekly-post.ts";
import { enqueueDueReminders } from "../reminders/reminder-service.ts";
import type { AppContext } from "../context.ts";
import { deliverDue, type DeliveryDeps } from "./outbox-delivery.ts";

export interface Scheduler {
  /** One pass: count queued scores, queue due leaderboards and reminders, then deliver due posts. Ticks never overlap. */
  tick(): Promise<void>;
  /** Deliver soon, without waiting for the next tick (after a command queued a post). */
  kick(): void;
  start(): void;
  /** Stops ticking and waits for the pass in flight, so no delivery is cut off. */
  stop(): Promise<void>;
}

export function createScheduler(deps: DeliveryDeps & Pick<AppContext, "catalogue" | "i18n"> & Partial<Pick<AppContext, "scores">>, cronExpression: string): Scheduler {
  let inFlight: Promise<void> | undefined;
  let again = false;
  let task: ScheduledTask | undefined;

  async function pass(): Promise<void> {
    // Scores queued and not counted (another replica's, or before a restart) are counted before posts read them.
    await deps.scores?.sweep();
    try {
      const queued = await enqueueDueLeaderboards(deps);
      if (queued > 0) deps.logger.info({ queued }, "weekly leaderboards queued");
    } catch (error) {
      deps.logger.error({ err: error }, "could not queue weekly leaderboards");
    }
    try {
      const reminders = await enqueueDueReminders(deps);
      if (reminders > 0) deps.logger.info({ reminders }, "weekly reminders queued");
    } catch (error) {
      deps.logger.error({ err: error }, "could not queue weekly reminders");
    }
    try {
      const report = await deliverDue(deps);
      if (report.delivered + report.retried + report.failed + report.blocked > 0) deps.logger.info(report, "outbox delivered");
    } catch (error) {
      deps.logger.error({ err: error }, "outbox delivery pass failed");
    }
  }

  function tick(): Promise<void> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        await pass();
      } while (again);
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    tick,
    kick() {
      void tick();
    },
    start() {
      // A cron tick during a pass is skipped, the next one comes within a period. node-cron's own
      // noOverlap does the same but warns at every skipped tick, which a slow pass makes noisy.
      task = cron.schedule(
        cronExpression,
        () => {
          if (!inFlight) void tick();
        },
        { name: "roadmap-scheduler" },
      );
      // A tick missed while the process was busy needs no catching up: the next pass does its work.
      task.on("execution:missed", (context) => deps.logger.debug({ missedAt: context.date }, "scheduler tick missed while busy"));
    },
    async stop() {
      await task?.destroy();
      task = undefined;
      await inFlight;
    },
  };
}
