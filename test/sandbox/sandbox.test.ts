import { tmpdir } from "node:os";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { ApplicationCommandOptionType, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/sandbox.ts";
import { GROUP } from "../../src/sandbox/seed.ts";
import { safeText } from "../../src/discord/render/text.ts";

/** Debian's Chromium (`apt-get install chromium`); .ci/run installs it, so CI never skips this file. */
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** The README's screenshots are rewritten only on request (UPDATE_SCREENSHOTS=1), not by every run. */
const IMAGES = process.env.UPDATE_SCREENSHOTS === "1" ? path.resolve(import.meta.dirname, "../../docs/images") : tmpdir();
const canRun = existsSync(CHROMIUM) || process.env.CI === "true";
/** The bot answers within a few seconds; pictures take longest. */
const SOON = { timeout: 10_000, interval: 100 };

let sandbox: RunningSandbox;
let browser: Browser;
let page: Page;
/** What was printed with console.warn while the sandbox started and seeded (node-cron warns there). */
const startupWarnings: string[] = [];

const commandBox = () => page.getByRole("combobox", { name: "Message #general" });
const lastMessage = () => page.locator("#messages article.message").last();
const composerError = () => page.locator("#composer-error");
const memberId = (name: string) => sandbox.session.members().find((member) => member.name === name)!.id;

async function beMember(label: string): Promise<void> {
  await page.getByLabel("Who are you").selectOption({ label });
}

async function openChannel(name: RegExp): Promise<void> {
  await page.getByRole("button", { name }).click();
}

/** Text of what the locator matches now, without waiting for it to appear (polls do the waiting). */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.allTextContents()).join("\n");
}

async function run(text: string): Promise<void> {
  await commandBox().fill(text);
  await commandBox().press("Enter");
}

describe.skipIf(!canRun)("the sandbox page", () => {
  beforeAll(async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      startupWarnings.push(args.map(String).join(" "));
      warn(...args);
    };
    try {
      [sandbox, browser] = await Promise.all([
        startSandbox({ port: 0, logger: createLogger("silent") }),
        chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
      ]);
    } finally {
      console.warn = warn;
    }
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: "dark" });
    // Playwright waits forever by default; a broken page should fail the test, not hang it.
    page.setDefaultTimeout(10_000);
    await page.goto(sandbox.url);
    await page.getByLabel("Who are you").selectOption({ label: "Ada" });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it("a member checks an item picked from the bot's own autocomplete, with the keyboard", async () => {
    await commandBox().pressSequentially("/roadmap check item:prompt");
    const choices = page.getByRole("listbox", { name: "Suggestions" }).getByRole("option");
    await expect.poll(() => choices.count(), SOON).toBeGreaterThan(1);
    const picked = (await choices.first().textContent()) ?? "";
    await commandBox().press("ArrowDown");
    await commandBox().press("Enter");
    await expect.poll(() => commandBox().inputValue(), SOON).toMatch(/^\/roadmap check item:[a-z0-9-]+ $/);
    await commandBox().press("Enter");

    const reply = lastMessage();
    await expect.poll(() => textOf(reply), SOON).toContain("✅ Checked");
    const text = (await reply.textContent()) ?? "";
    expect(text).toContain("Ada used /roadmap check");
    expect(text).toContain("Only you can see this");
    expect(text).toContain(picked.split(" · ")[0]!.slice(0, 30));
    await expect.poll(() => commandBox().inputValue(), SOON).toBe("");
  });

  it("a member pages through a stage with the Next button", async () => {
    await run("/roadmap stage number:3");
    await expect.poll(() => textOf(lastMessage().locator(".embed-title")), SOON).toContain("Stage 3");
    const firstPage = await lastMessage().locator(".embed").textContent();
    await lastMessage().getByRole("button", { name: /Next/ }).click();
    await expect.poll(() => textOf(lastMessage().locator(".embed")), SOON).not.toBe(firstPage);
    await expect.poll(() => lastMessage().getByRole("button", { name: /Previous/ }).isEnabled(), SOON).toBe(true);

    await mkdir(IMAGES, { recursive: true });
    await page.emulateMedia({ colorScheme: "light" });
    // The picture for the README: the check reply, then the stage view with its buttons.
    await page.locator("#messages article.message").filter({ hasText: "✅ Checked" }).last().evaluate((element) => element.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: path.join(IMAGES, "sandbox-light.png") });
  });

  it("follows the browser's light or dark preference until a theme is picked, and cycles system, dark, light", async () => {
    const background = () => page.evaluate<string>("getComputedStyle(document.body).backgroundColor");
    const toggle = page.getByRole("button", { name: /^Theme:/ });
    const [WHITE, DARK] = ["rgb(255, 255, 255)", "rgb(49, 51, 56)"];
    expect(await toggle.textContent()).toBe("Theme: system");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(background, SOON).toBe(WHITE);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(background, SOON).toBe(DARK);

    await page.emulateMedia({ colorScheme: "light" });
    await toggle.click();
    expect(await toggle.textContent()).toBe("Theme: dark");
    await expect.poll(background, SOON).toBe(DARK);
    await toggle.click();
    expect(await toggle.textContent()).toBe("Theme: light");
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(background, SOON).toBe(WHITE);
    await toggle.click();
    expect(await toggle.textContent()).toBe("Theme: system");
    await expect.poll(background, SOON).toBe(DARK);
  });

  it("skipping to the next weekly post brings the weekly leaderboard to #progress", async () => {
    const leaderboards = () => sandbox.standIn.channelMessages(GROUP.progressId).filter((m) => m.embeds[0]?.title?.includes("Weekly leaderboard")).length;
    const before = leaderboards();
    await page.getByRole("button", { name: "Skip to next weekly post" }).click();
    await expect.poll(() => textOf(page.getByRole("status")), SOON).toContain("Moved the clock");
    await page.getByRole("button", { name: /progress/ }).click();
    await expect.poll(leaderboards, { timeout: 15_000 }).toBe(before + 1);

    const post = page.locator("#messages article.message").filter({ hasText: "Weekly leaderboard" }).last();
    await expect.poll(() => page.locator("#messages article.message").filter({ hasText: "Weekly leaderboard" }).count(), { timeout: 5_000 }).toBe(before + 1);
    await expect.poll(() => post.locator("img.embed-image").evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0), SOON).toBe(true);
    expect(await post.textContent()).toContain("Ada");

    await page.emulateMedia({ colorScheme: "dark" });
    await page.locator("#messages").evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await page.screenshot({ path: path.join(IMAGES, "sandbox-dark.png") });
    sandbox.standIn.assertNoViolations();
  });
  it("seeding runs without node-cron warnings (a run still going, a tick missed while busy)", () => {
    expect(startupWarnings.filter((line) => line.includes("NODE-CRON"))).toEqual([]);
  });

  it("a member's note shows as typed, while the bot's own formatting, mentions and links render", async () => {
    await openChannel(/general/);
    const item = sandbox.bot.context.catalogue.defaultRoadmap.items[60]!;
    await run(`/roadmap check item:${item.id} note:**bold** \`code\``);
    await expect.poll(() => textOf(lastMessage()), SOON).toContain("Note:");
    expect(await lastMessage().textContent()).toContain("Note: **bold** `code`");

    const typed = "**not bold** _plain_ [a](https://example.org) ||open|| @everyone";
    const content = [
      `**bold** *italic* __under__ ~~gone~~ ||secret|| \`code\` [docs](https://example.com/docs) <@${memberId("Ada")}> <#${GROUP.generalId}> <@&1100000000000000021>`,
      "> quoted",
      safeText(typed, 200),
    ].join("\n");
    await sandbox.bot.client.rest.post(Routes.channelMessages(GROUP.progressId), { body: { content, allowed_mentions: { parse: [] } } });
    await openChannel(/progress/);
    const post = page.locator("#messages article.message").filter({ hasText: "quoted" }).last();
    await expect.poll(() => post.count(), SOON).toBe(1);
    const shown = (selector: string) => textOf(post.locator(`.markdown ${selector}`));
    expect(await shown("strong")).toBe("bold");
    expect(await shown("em")).toBe("italic");
    expect(await shown("u")).toBe("under");
    expect(await shown("s")).toBe("gone");
    expect(await shown(".spoiler")).toBe("secret");
    expect(await shown("code")).toBe("code");
    expect(await shown("blockquote")).toContain("quoted");
    expect(await post.getByRole("link", { name: "docs" }).getAttribute("href")).toBe("https://example.com/docs");
    expect((await post.locator(".mention").allTextContents())).toEqual(["@Ada", "#general", "@Stage 1 graduate"]);
    // What the bot escaped reads exactly as the member typed it (the @ is broken by a zero-width space).
    expect(((await post.textContent()) ?? "").replace(/\u200b/g, "")).toContain(typed);
    await openChannel(/general/);
  });

  it("choices, numbers and lengths are kept to what Discord's client allows", async () => {
    await run(`/roadmap leaderboard period:"All time"`);
    await expect.poll(() => textOf(lastMessage().locator(".embed-title")), SOON).toContain("All-time leaderboard");

    const sent = () => sandbox.standIn.channelMessages(GROUP.generalId, { includeInteractionResponses: true }).length;
    const count = sent();
    await run("/roadmap leaderboard period:forever");
    await expect.poll(() => textOf(composerError()), SOON).toContain("period: must be one of This week");
    await run("/roadmap remind weekday:Monday time:10:00:00");
    await expect.poll(() => textOf(composerError()), SOON).toContain("time: must be at most 5 characters long");
    await beMember("Maya (organiser)");
    await commandBox().fill("");
    await commandBox().pressSequentially("/roadmap-admin milestone-role stage:");
    await expect.poll(() => textOf(page.locator("#composer-hint")), SOON).toBe("Which stage (at least 1)");
    await run("/roadmap-admin milestone-role stage:0 role:@Stage 1 graduate");
    await expect.poll(() => textOf(composerError()), SOON).toContain("stage: must be at least 1");
    expect(sent()).toBe(count);
    await beMember("Ada");
  });

  it("an organiser picks one of the server's roles for a stage's milestone", async () => {
    await beMember("Maya (organiser)");
    await commandBox().fill("");
    await commandBox().pressSequentially("/roadmap-admin milestone-role stage:2 role:@stage 2");
    const choices = page.getByRole("listbox", { name: "Suggestions" }).getByRole("option");
    await expect.poll(() => textOf(choices), SOON).toBe("@Stage 2 graduate");
    await commandBox().press("Tab");
    await expect.poll(() => commandBox().inputValue(), SOON).toBe("/roadmap-admin milestone-role stage:2 role:@Stage 2 graduate ");
    await commandBox().press("Enter");
    await expect.poll(() => textOf(lastMessage()), SOON).toContain("Members who complete Stage 2 will get @Stage 2 graduate");
    await beMember("Ada");
  });

  it("a member attaches a file to /roadmap import with the file picker, and the bot reads it", async () => {
    await beMember("Ada");
    const item = sandbox.bot.context.catalogue.defaultRoadmap.items[70]!;
    await commandBox().fill("");
    await commandBox().pressSequentially("/roadmap import file:");
    await expect.poll(() => page.getByText("Attach a file for file:").isVisible(), SOON).toBe(true);
    await page.locator("#attach-file").setInputFiles({ name: "progress.md", mimeType: "text/markdown", buffer: Buffer.from(`- [x] ${item.title}\n`) });
    await expect.poll(() => commandBox().inputValue(), SOON).toBe("/roadmap import file:progress.md ");
    await commandBox().press("Enter");
    await expect.poll(() => textOf(lastMessage()), SOON).toContain("1 item(s) would be checked");
    expect(await lastMessage().textContent()).toContain("progress.md");
  });

  it("the bot's DMs to a member show under Direct messages", async () => {
    await beMember("Ada");
    await run("/roadmap remind weekday:Monday");
    await expect.poll(() => textOf(lastMessage()), SOON).toContain("Weekly reminder on");
    const ada = sandbox.standIn.guilds[0]!.member(memberId("Ada"))!;
    await expect.poll(() => sandbox.standIn.directMessages(ada).length, SOON).toBeGreaterThan(0);
    const dm = sandbox.standIn.directMessages(ada)[0]!;
    await openChannel(/Roadmap Bot/);
    await expect.poll(() => textOf(page.locator("#messages article.message")), SOON).toContain("Weekly reminders from AI Study Group are on");
    expect(dm.content).toContain("Weekly reminders from **AI Study Group** are on");
    expect(await page.locator("#channel-topic").textContent()).toContain("Ada");
    await openChannel(/general/);
  });

  it("a member who picks Português as their Discord language gets /roadmap progress in Portuguese, and English again after switching back", async () => {
    await beMember("Ada");
    const language = page.getByLabel("Your Discord language");
    await language.selectOption({ label: "Português do Brasil" });
    await expect.poll(() => sandbox.standIn.guilds[0]!.member(memberId("Ada"))!.user.locale, SOON).toBe("pt-BR");
    await run("/roadmap progress");
    await expect.poll(() => textOf(lastMessage().locator(".embed-title")), SOON).toBe("Progresso na trilha: Ada");
    expect(await lastMessage().locator(".embed").textContent()).toContain("Sua jornada");

    await language.selectOption({ label: "English, US" });
    await run("/roadmap progress");
    await expect.poll(() => textOf(lastMessage().locator(".embed-title")), SOON).toBe("Roadmap progress: Ada");
  });

  it("a language the bot does not speak yet answers in English, and the page says why", async () => {
    await beMember("Ben");
    await page.getByLabel("Your Discord language").selectOption({ label: "한국어 (the bot answers in English)" });
    await expect.poll(() => textOf(page.locator("#language-note")), SOON).toBe("Roadmap Bot does not speak 한국어 yet, so it answers Ben in English.");
    await run("/roadmap progress");
    await expect.poll(() => textOf(lastMessage().locator(".embed-title")), SOON).toBe("Roadmap progress: Ben");
    await beMember("Ada");
    // The picker follows the member picked, once the page has fetched who they are.
    await expect.poll(() => page.getByLabel("Your Discord language").inputValue(), SOON).toBe("en-US");
    await expect.poll(() => textOf(page.locator("#language-note")), SOON).toBe("");
  });

  it("the server's language picked on the page is the one the organiser's settings say posts follow", async () => {
    await beMember("Maya (organiser)");
    await page.getByLabel("Server language").selectOption({ label: "Deutsch" });
    await expect.poll(() => sandbox.bot.client.guilds.cache.get(GROUP.guildId)?.preferredLocale, SOON).toBe("de");
    await run("/roadmap-admin settings");
    await expect.poll(() => textOf(lastMessage().locator(".embed-field")), SOON).toContain("Server default: Deutsch");
    await page.getByLabel("Server language").selectOption({ label: "English, US" });
    await expect.poll(() => sandbox.bot.client.guilds.cache.get(GROUP.guildId)?.preferredLocale, SOON).toBe("en-US");
    await beMember("Ada");
  });

  it("a command with a subcommand group is typed from its suggestions, group, then subcommand, then options, and sent as one", async () => {
    // A guild command the bot does not know: the group's path must still reach the bot whole, which answers that it is gone.
    const applicationId = sandbox.bot.client.application!.id;
    await sandbox.bot.client.rest.post(Routes.applicationGuildCommands(applicationId, GROUP.guildId), {
      body: {
        name: "notes",
        description: "Shared notes",
        options: [
          {
            type: ApplicationCommandOptionType.SubcommandGroup,
            name: "topic",
            description: "Notes about a topic",
            options: [{ type: ApplicationCommandOptionType.Subcommand, name: "add", description: "Add a note", options: [{ type: ApplicationCommandOptionType.String, name: "text", description: "The note", required: true }] }],
          },
        ],
      },
    });
    await beMember("Ada");
    await commandBox().fill("");
    await commandBox().pressSequentially("/notes ");
    const labels = page.getByRole("listbox", { name: "Suggestions" }).getByRole("option").locator(".suggestion-label");
    await expect.poll(() => textOf(labels), SOON).toBe("/notes topic");
    await commandBox().press("Tab");
    await expect.poll(() => textOf(labels), SOON).toBe("/notes topic add");
    await commandBox().press("Tab");
    await expect.poll(() => textOf(labels), SOON).toBe("text:");
    await commandBox().press("Tab");
    await expect.poll(() => commandBox().inputValue(), SOON).toBe("/notes topic add text:");
    await commandBox().pressSequentially("read the paper");
    let received: string[] = [];
    sandbox.bot.client.once("interactionCreate", (interaction) => {
      if (interaction.isChatInputCommand()) {
        received = [interaction.commandName, interaction.options.getSubcommandGroup() ?? "", interaction.options.getSubcommand(), interaction.options.getString("text") ?? ""];
      }
    });
    await commandBox().press("Enter");
    await expect.poll(() => textOf(lastMessage()), SOON).toContain("Ada used /notes topic add");
    expect(received).toEqual(["notes", "topic", "add", "read the paper"]);

    await commandBox().fill("/notes topic ad text:x");
    await commandBox().press("Enter");
    await expect.poll(() => textOf(composerError()), SOON).toBe('/notes topic has no "ad" subcommand (it has add).');
    await commandBox().fill("");
  });

  it("an organiser types a subcommand group from its suggestions, and /roadmap-admin roadmap list answers", async (test) => {
    await beMember("Maya (organiser)");
    await commandBox().fill("");
    await commandBox().pressSequentially("/roadmap-admin roadmap ");
    const choices = page.getByRole("listbox", { name: "Suggestions" }).getByRole("option");
    await expect.poll(() => textOf(choices.locator(".suggestion-label")), SOON).toContain("/roadmap-admin roadmap list");
    await choices.filter({ hasText: "/roadmap-admin roadmap list" }).click();
    await expect.poll(() => commandBox().inputValue(), SOON).toBe("/roadmap-admin roadmap list ");
    await commandBox().press("Enter");
    await expect.poll(() => textOf(lastMessage().locator(".embed-title")), SOON).toBe("Roadmaps on this server");
    expect(await lastMessage().textContent()).toContain("Maya used /roadmap-admin roadmap list");
    await beMember("Ada");
  });

  it("an organiser uploads a small Markdown roadmap with the file picker and sees its preview, then confirms it", async (test) => {
    await beMember("Maya (organiser)");
    await commandBox().fill("");
    await commandBox().pressSequentially("/roadmap-admin roadmap upload file:");
    await expect.poll(() => page.getByText("Attach a file for file:").isVisible(), SOON).toBe(true);
    const markdown = [
      "# Web Basics",
      "",
      "## Pages",
      "",
      "### Markup",
      "- [ ] Write a page with headings, lists and links",
      "- [ ] Mark up a form with labels for every field",
      "",
      "### Styling",
      "- [ ] Lay out a page with flexbox",
      "",
    ].join("\n");
    await page.locator("#attach-file").setInputFiles({ name: "web-basics.md", mimeType: "text/markdown", buffer: Buffer.from(markdown) });
    await expect.poll(() => commandBox().inputValue(), SOON).toBe("/roadmap-admin roadmap upload file:web-basics.md ");
    await commandBox().press("Enter");
    const preview = lastMessage();
    await expect.poll(() => textOf(preview.locator(".embed-title")), SOON).toBe("Preview: Web Basics");
    expect(await preview.textContent()).toContain("Maya used /roadmap-admin roadmap upload");
    await preview.getByRole("button", { name: /Confirm/ }).click();
    await run("/roadmap-admin roadmap list");
    await expect.poll(() => textOf(lastMessage().locator(".embed-title")), SOON).toBe("Roadmaps on this server");
    await expect.poll(() => textOf(lastMessage().locator(".embed")), SOON).toContain("Web Basics");
    await beMember("Ada");
  });

  it("pictures that load after the reader scrolled up in #progress leave the reader where they are", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let served = 0;
    await page.route("**/api/files/**", async (route) => {
      await gate;
      await route.continue();
      served += 1;
    });
    await openChannel(/progress/);
    const messages = page.locator("#messages");
    await expect.poll(() => messages.evaluate((element) => element.scrollHeight > element.clientHeight * 2), SOON).toBe(true);
    await messages.evaluate((element) => element.scrollTo(0, 0));
    release();
    // Every picture on the page has arrived (a re-render may ask for one twice, so requests are not counted against images).
    const allLoaded = () =>
      page.evaluate<boolean>(`(() => { const images = [...document.querySelectorAll("#messages img")]; return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0); })()`);
    await expect.poll(async () => served > 0 && (await allLoaded()), SOON).toBe(true);
    await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
    expect(await messages.evaluate((element) => element.scrollTop)).toBeLessThan(50);
    await page.unroute("**/api/files/**");
    await openChannel(/general/);
  });

  it("on a phone-width screen the member picker is on screen without scrolling", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(sandbox.url);
      await expect.poll(() => phone.locator("#who option").count(), SOON).toBeGreaterThan(0);
      const onScreen = await phone.evaluate<boolean>(`(() => {
        const picker = document.getElementById("who");
        const box = picker.getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        return box.bottom <= window.innerHeight && (hit === picker || picker.contains(hit));
      })()`);
      expect(onScreen).toBe(true);
    } finally {
      await phone.close();
    }
  });

  it("a stopped sandbox says so, and a command then says the sandbox has stopped rather than a network error", async () => {
    await sandbox.close();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "The sandbox has stopped" }).isVisible(), SOON).toBe(true);
    await run("/roadmap progress");
    await expect.poll(() => textOf(composerError()), SOON).toContain("The sandbox has stopped");
    expect(await composerError().textContent()).not.toContain("Failed to fetch");
  });
});
