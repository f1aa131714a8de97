import { spawn } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandIn, type StandIn } from "../standin/index.ts";

const REPO_DIR = path.resolve(import.meta.dirname, "../..");
const TOOLS = {
  "deploy-commands": "src/discord/deploy-cli.ts",
  "roadmap:validate": "src/catalogue/validate-cli.ts",
  "roadmap:import": "src/catalogue/import-cli.ts",
} as const;
const STALE_TOKEN = `${Buffer.from("123456789012345678").toString("base64url")}.GxYz12.${"s".repeat(38)}`;

let scratch: string;

/**
 * Runs a tool as `npm run` would, but from `cwd` (default: an empty folder, so a developer's own
 * .env cannot change the answer); tsx and the script are given by their full addresses.
 */
async function run(
  tool: keyof typeof TOOLS,
  args: string[],
  env: Record<string, string> = {},
  cwd = scratch,
): Promise<{ status: number | null; output: string; lines: string[] }> {
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.join(REPO_DIR, TOOLS[tool]), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { status, output, lines: output.split("\n").filter(Boolean) };
}

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain("node:internal");
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "roadmap-cli-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe.each(Object.keys(TOOLS) as (keyof typeof TOOLS)[])("npm run %s", (tool) => {
  it("answers --help with its usage and exits 0", async () => {
    const help = await run(tool, ["--help"]);
    expect(help.status).toBe(0);
    expect(help.lines[0]!.startsWith(`Usage: npm run ${tool} -- `)).toBe(true);
    expect(help.output).toContain("Exit status:");
  });

  it("rejects an unknown option in one line and exits 2", async () => {
    const wrong = await run(tool, ["--frobnicate"]);
    expect(wrong.status).toBe(2);
    expect(wrong.lines).toHaveLength(1);
    expect(wrong.lines[0]).toMatch(/^Unknown option '--frobnicate' \(Usage: npm run .*; --help for more\)$/);
  });
});

describe("npm run deploy-commands, when the input is wrong", () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterAll(async () => {
    await standIn?.close();
  });

  it("says Discord refused the token and how to reset it, without a stack trace", async () => {
    const deploy = await run("deploy-commands", [], { DISCORD_TOKEN: STALE_TOKEN, DISCORD_API_URL: standIn.restUrl });
    expect(deploy.status).toBe(1);
    expect(deploy.lines).toEqual(["Discord refused the token: reset it in the developer portal (Bot -> Reset Token) and update DISCORD_TOKEN"]);
    expect(deploy.output).not.toContain(STALE_TOKEN);
  });

  it("says how to get a token when DISCORD_TOKEN is missing, in words for this tool", async () => {
    const deploy = await run("deploy-commands", [], { DISCORD_API_URL: standIn.restUrl });
    expect(deploy.status).toBe(1);
    expect(deploy.lines).toHaveLength(1);
    expect(deploy.lines[0]).toMatch(/^DISCORD_TOKEN is not set\. Create an application/);
  });

  it("refuses a malformed server id as a usage error", async () => {
    const deploy = await run("deploy-commands", ["--guild", "not-a-server"], { DISCORD_TOKEN: STALE_TOKEN });
    expect(deploy.status).toBe(2);
    expect(deploy.lines).toEqual(['--guild must be a server id (17 to 20 digits); got "not-a-server".']);
  });
});

describe("npm run roadmap:validate", () => {
  it("validates the folder the bot would load (ROADMAP_DIR) when given no folder", async () => {
    const validate = await run("roadmap:validate", [], { ROADMAP_DIR: scratch });
    expect(validate.status).toBe(1);
    expect(validate.output).toContain(scratch);
    expect(validate.output).toContain("no roadmap files (*.yaml) found");
    expectNoStackTrace(validate.output);
  });

  it("reads ROADMAP_DIR from .env, as the bot does", async () => {
    const project = await mkdtemp(path.join(scratch, "project-"));
    await writeFile(path.join(project, ".env"), `ROADMAP_DIR=${path.join(REPO_DIR, "roadmap")}\n`);
    const validate = await run("roadmap:validate", [], {}, project);
    expect(validate.status).toBe(0);
    expect(validate.lines.at(-1)).toContain(`from ${path.join(REPO_DIR, "roadmap")} in`);
  });

  it("validates ./roadmap when neither a folder nor ROADMAP_DIR is given", async () => {
    const project = await mkdtemp(path.join(scratch, "project-"));
    await cp(path.join(REPO_DIR, "roadmap"), path.join(project, "roadmap"), { recursive: true });
    const validate = await run("roadmap:validate", [], {}, project);
    expect(validate.status).toBe(0);
    expect(validate.lines.at(-1)).toContain(`from ${path.join(project, "roadmap")} in`);
  });

  it("names the file and the problem of an invalid roadmap, without a stack trace", async () => {
    const folder = await mkdtemp(path.join(scratch, "invalid-"));
    await writeFile(path.join(folder, "broken.yaml"), "id: Not Kebab\ntitle: 3\nstages: []\n");
    const validate = await run("roadmap:validate", [folder]);
    expect(validate.status).toBe(1);
    expect(validate.output).toContain("broken.yaml");
    expectNoStackTrace(validate.output);
  });

  it("says so in one line when the folder does not exist", async () => {
    const missing = path.join(scratch, "no-such-folder");
    const validate = await run("roadmap:validate", [missing]);
    expect(validate.status).toBe(1);
    expect(validate.lines).toEqual([`No folder ${missing}: pass the folder of roadmap files, or set ROADMAP_DIR.`]);
  });
});

describe("npm run roadmap:import, when the input is wrong", () => {
  it("says which file it cannot read, in one line, without a stack trace", async () => {
    const missing = path.join(scratch, "no-such-page.md");
    const imported = await run("roadmap:import", [missing, "--out", "-"]);
    expect(imported.status).toBe(1);
    expect(imported.lines).toEqual([`Cannot read ${missing}: no such file`]);
  });

  it("treats a missing file list as a usage error", async () => {
    const imported = await run("roadmap:import", ["--force"]);
    expect(imported.status).toBe(2);
    expect(imported.lines).toHaveLength(1);
    expect(imported.lines[0]).toMatch(/^No Markdown files given \(Usage: npm run roadmap:import/);
  });
});
