import { tmpdir } from "node:os";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/sandbox.ts";
import { GROUP } from "../../src/sandbox/seed.ts";

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

const commandBox = () => page.getByRole("combobox", { name: "Message #general" });
const lastMessage = () => page.locator("#messages article.message").last();

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
    [sandbox, browser] = await Promise.all([
      startSandbox({ port: 0, logger: createLogger("silent") }),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
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
});
