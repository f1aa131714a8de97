export * from "@roadmap-bot/discord-standin";
