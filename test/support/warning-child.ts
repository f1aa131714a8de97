// Starts as the bot does (its logger, its warning logging, its Discord client, which makes discord.js
// warn about the channel and role caches), emits one more warning, and exits.
import { once } from "node:events";
import { createDiscordClient } from "../../src/discord/client.ts";
import { createLogger, routeProcessWarnings } from "../../src/logger.ts";

routeProcessWarnings(createLogger("warn"));
const client = createDiscordClient({ apiUrl: undefined });
const emitted = once(process, "warning");
process.emitWarning("printed by Node", "RoadmapWarning");
await emitted;
await client.destroy();
