import { defineConfig } from "vitest/config";

// The burst test measures the bot's answers against Discord's 3 s deadline: it runs after every
// other file, alone, so the rest of the suite (the benchmark smoke run above all) does not share
// its two cores with it.
const ALONE = ["test/reliability/load.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // 2 cores here: more workers only fight over them and over Postgres.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "suite", include: ["test/**/*.test.ts"], exclude: ALONE, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "alone", include: ALONE, sequence: { groupOrder: 1 } } },
    ],
  },
});
