// The sandbox page: a small Discord-like client for the sandbox's JSON API (see src/sandbox/http.ts).
// Plain DOM, no framework: everything the bot sends is drawn with textContent or Discord's own
// Markdown rules (markdown.js), never as raw HTML. The sandbox serves this file bundled with esbuild.

import { markdownNodes } from "./markdown.js";

const $ = (id) => document.getElementById(id);

const page = {
  state: null,
  channelId: null,
  viewerId: localStorage.getItem("sandbox.viewer"),
  /** Server clock minus browser clock, for relative times in the bot's own "now". */
  clockSkewMs: 0,
  messages: new Map(), // channelId -> messages
  seen: new Map(), // channelId -> number of messages seen
  rendered: new Map(), // message id -> { signature, element }
  suggestions: [],
  activeSuggestion: -1,
  completionSeq: 0,
  /** Files picked for attachment options: option name -> { name, type, data (base64) }. */
  files: new Map(),
  /** The attachment option being typed, when the file picker is offered: { option, prefix }. */
  attach: null,
  /** Whether the reader is at the newest message: only then do new messages and pictures scroll. */
  stickToBottom: true,
};

/** The viewer's DMs with the bot, listed under "Direct messages" (see /api/messages?channel=dm). */
const DM_CHANNEL = "dm";
const STOPPED = "The sandbox has stopped: start it again with npm run sandbox.";

function showStopped(stopped) {
  $("stopped").hidden = !stopped;
  document.body.classList.toggle("sandbox-stopped", stopped);
}

async function api(path, body) {
  let response;
  try {
    response = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    // Nothing answers at all: the sandbox process is gone (a 4xx or 5xx would still be an answer).
    showStopped(true);
    throw new Error(STOPPED);
  }
  showStopped(false);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error ?? `The sandbox answered ${response.status}`);
  return data;
}

// ---------- Formatting: Discord timestamps, Markdown, mentions ----------

const sandboxNow = () => Date.now() + page.clockSkewMs;

function formatTimestamp(seconds, style) {
  const date = new Date(seconds * 1000);
  const formats = {
    t: { timeStyle: "short" },
    T: { timeStyle: "medium" },
    d: { dateStyle: "short" },
    D: { dateStyle: "long" },
    f: { dateStyle: "long", timeStyle: "short" },
    F: { dateStyle: "full", timeStyle: "short" },
  };
  if (style === "R") return relativeTime(date.getTime() - sandboxNow());
  return new Intl.DateTimeFormat(undefined, formats[style] ?? formats.f).format(date);
}

function relativeTime(deltaMs) {
  const units = [
    ["year", 365 * 86400e3],
    ["month", 30 * 86400e3],
    ["week", 7 * 86400e3],
    ["day", 86400e3],
    ["hour", 3600e3],
    ["minute", 60e3],
    ["second", 1e3],
  ];
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, ms] of units) {
    if (Math.abs(deltaMs) >= ms || unit === "second") return rtf.format(Math.round(deltaMs / ms), unit);
  }
  return "";
}

function memberName(id) {
  const member = page.state?.members.find((candidate) => candidate.id === id);
  return member ? member.name : "someone";
}

function channelName(id) {
  return page.state?.channels.find((channel) => channel.id === id)?.name ?? "unknown-channel";
}

function roleName(id) {
  return page.state?.roles?.find((role) => role.id === id)?.name ?? "unknown-role";
}

function timestampNode(seconds, style) {
  const date = new Date(seconds * 1000);
  return el("time", { class: "timestamp", datetime: date.toISOString(), title: formatTimestamp(seconds, "F") }, formatTimestamp(seconds, style ?? "f"));
}

const DRAW = { el, user: memberName, channel: channelName, role: roleName, timestamp: timestampNode };

/** Inline Markdown (titles, field names, footers): Discord's rules, see markdown.js. */
function inline(text) {
  return markdownNodes(text, DRAW);
}

/** A message's or an embed's Markdown: quotes, code blocks, headings, subtext and everything inline. */
function markdown(text) {
  return el("div", { class: "markdown" }, ...markdownNodes(text, DRAW));
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "style") Object.assign(node.style, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---------- Messages ----------

function avatar(id, name, bot) {
  const hue = Number(BigInt(id) % 360n);
  return el("div", { class: `avatar${bot ? " avatar-bot" : ""}`, "aria-hidden": "true", style: bot ? {} : { backgroundColor: `hsl(${hue} 55% 38%)` } }, bot ? "RB" : name.slice(0, 1).toUpperCase());
}

function colourOf(embed) {
  return typeof embed.color === "number" ? `#${embed.color.toString(16).padStart(6, "0")}` : "var(--embed-border)";
}

function fileUrl(message, url) {
  if (!url) return undefined;
  if (url.startsWith("attachment://")) {
    const name = url.slice("attachment://".length);
    return message.attachments.find((attachment) => attachment.filename === name)?.url;
  }
  // Only pictures the sandbox serves: nothing on the page reaches the internet.
  return url.startsWith("/api/files/") ? url : undefined;
}

/** Like Discord: up to three inline fields share a row (12 columns), a lone one takes it all. */
function fieldSpans(fields) {
  const spans = [];
  for (let i = 0; i < fields.length; ) {
    let run = 0;
    while (i + run < fields.length && fields[i + run].inline && run < 3) run += 1;
    if (run === 0) {
      spans.push(12);
      i += 1;
      continue;
    }
    for (let k = 0; k < run; k++) spans.push(12 / run);
    i += run;
  }
  return spans;
}

function renderEmbed(message, embed) {
  const image = fileUrl(message, embed.image?.url);
  const thumbnail = fileUrl(message, embed.thumbnail?.url);
  const attachment = message.attachments.find((candidate) => candidate.url === image);
  const spans = fieldSpans(embed.fields ?? []);
  const fields = (embed.fields ?? []).map((field, index) =>
    el("div", { class: "embed-field", style: { gridColumn: `span ${spans[index]}` } }, el("div", { class: "embed-field-name" }, ...inline(field.name)), markdown(field.value)),
  );
  const footer = embed.footer?.text || embed.timestamp
    ? el(
        "div",
        { class: "embed-footer" },
        embed.footer?.text ? el("span", {}, ...inline(embed.footer.text)) : null,
        embed.footer?.text && embed.timestamp ? el("span", { "aria-hidden": "true" }, " • ") : null,
        embed.timestamp ? el("time", { datetime: embed.timestamp }, new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(embed.timestamp))) : null,
      )
    : null;
  return el(
    "article",
    { class: "embed", style: { borderLeftColor: colourOf(embed) } },
    el(
      "div",
      { class: "embed-grid" },
      el(
        "div",
        { class: "embed-body" },
        embed.author?.name ? el("div", { class: "embed-author" }, embed.author.name) : null,
        embed.title ? el("h3", { class: "embed-title" }, ...inline(embed.title)) : null,
        embed.description ? markdown(embed.description) : null,
        fields.length ? el("div", { class: "embed-fields" }, ...fields) : null,
      ),
      thumbnail ? el("img", { class: "embed-thumbnail", src: thumbnail, alt: "" }) : null,
    ),
    image ? el("img", { class: "embed-image", src: image, alt: attachment?.description ?? embed.title ?? "Picture from the bot", loading: "lazy" }) : null,
    footer,
  );
}

const BUTTON_STYLES = { 1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link" };

function renderButtons(message) {
  return message.buttonRows.map((row) =>
    el(
      "div",
      { class: "button-row" },
      ...row.map((button) => {
        const node = el(
          "button",
          { type: "button", class: `button button-${BUTTON_STYLES[button.style] ?? "secondary"}`, disabled: button.disabled || !button.customId, "data-custom-id": button.customId },
          button.emoji ? el("span", { "aria-hidden": "true" }, `${button.emoji} `) : null,
          button.label,
        );
        node.addEventListener("click", () => pressButton(message, button, node));
        return node;
      }),
    ),
  );
}

function renderMessage(message) {
  const usedInEmbeds = new Set(message.embeds.flatMap((embed) => [fileUrl(message, embed.image?.url), fileUrl(message, embed.thumbnail?.url)]).filter(Boolean));
  const files = message.attachments.filter((attachment) => !usedInEmbeds.has(attachment.url));
  const time = new Date(message.timestamp);
  return el(
    "article",
    { class: `message${message.ephemeral ? " ephemeral" : ""}`, "data-message-id": message.id, "aria-label": `${message.author.name}, ${new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(time)}` },
    message.invokedBy
      ? el(
          "div",
          { class: "invoked" },
          el("span", { class: "invoked-arrow", "aria-hidden": "true" }, "↱ "),
          el("span", { class: "invoked-name" }, message.invokedBy.name),
          message.invokedBy.command ? el("span", {}, " used ", el("span", { class: "command-name" }, message.invokedBy.command)) : el("span", {}, " used a command"),
        )
      : null,
    el(
      "div",
      { class: "message-main" },
      avatar(message.author.id, message.author.name, message.author.bot),
      el(
        "div",
        { class: "message-body" },
        el(
          "header",
          { class: "message-header" },
          el("span", { class: "author" }, message.author.name),
          message.author.bot ? el("span", { class: "bot-tag" }, "APP") : null,
          el("time", { class: "message-time", datetime: message.timestamp }, new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(time)),
        ),
        message.loading ? el("p", { class: "thinking" }, `${message.author.name} is thinking`, el("span", { class: "dots", "aria-hidden": "true" }, "…")) : null,
        message.content ? markdown(message.content) : null,
        message.edited && message.content ? el("span", { class: "edited" }, "(edited)") : null,
        ...message.embeds.map((embed) => renderEmbed(message, embed)),
        ...files.map((file) =>
          file.contentType?.startsWith("image/")
            ? el("img", { class: "attachment-image", src: file.url, alt: file.description ?? file.filename, loading: "lazy" })
            : el("a", { class: "attachment-file", href: file.url, download: file.filename }, `📄 ${file.filename}`),
        ),
        ...renderButtons(message),
        message.ephemeral ? el("p", { class: "ephemeral-note" }, el("span", { "aria-hidden": "true" }, "👁 "), "Only you can see this") : null,
      ),
    ),
  );
}

function atBottom(container) {
  return container.scrollHeight - container.scrollTop - container.clientHeight < 120;
}

function renderChannel() {
  const container = $("messages");
  const messages = page.messages.get(page.channelId) ?? [];
  const nearBottom = page.stickToBottom;
  const keep = new Set(messages.map((message) => message.id));
  for (const [id, entry] of page.rendered) {
    if (!keep.has(id)) {
      entry.element.remove();
      page.rendered.delete(id);
    }
  }
  let previous = $("welcome");
  $("welcome").hidden = page.channelId !== page.state?.channels[0]?.id;
  $("dm-empty").hidden = page.channelId !== DM_CHANNEL || messages.length > 0;
  for (const message of messages) {
    const signature = JSON.stringify(message);
    let entry = page.rendered.get(message.id);
    if (!entry || entry.signature !== signature) {
      const element = renderMessage(message);
      if (entry) entry.element.replaceWith(element);
      entry = { signature, element };
      page.rendered.set(message.id, entry);
    }
    if (previous.nextSibling !== entry.element) previous.after(entry.element);
    previous = entry.element;
  }
  if (nearBottom) container.scrollTop = container.scrollHeight;
  // Pictures arrive after the text: keep the newest message in view once they have a size, unless
  // the reader has scrolled up to read since.
  for (const image of container.querySelectorAll("img:not([data-watched])")) {
    image.dataset.watched = "true";
    image.addEventListener("load", () => page.stickToBottom && (container.scrollTop = container.scrollHeight), { once: true });
  }
  page.seen.set(page.channelId, messages.length);
  renderChannelList();
}

function channelButton(channel, mark) {
  const unread = (page.messages.get(channel.id)?.length ?? 0) - (page.seen.get(channel.id) ?? 0);
  const current = channel.id === page.channelId;
  const button = el(
    "button",
    { type: "button", class: "channel", "aria-current": current ? "page" : undefined, "data-channel": channel.name },
    el("span", { class: "hash", "aria-hidden": "true" }, mark),
    el("span", { class: "channel-label" }, channel.name),
    unread > 0 && !current ? el("span", { class: "badge", "aria-label": `${unread} new` }, String(unread)) : null,
  );
  button.addEventListener("click", () => selectChannel(channel.id));
  return el("li", {}, button);
}

function renderChannelList() {
  $("channel-list").replaceChildren(...(page.state?.channels ?? []).map((channel) => channelButton(channel, "#")));
  $("dm-list").replaceChildren(channelButton({ id: DM_CHANNEL, name: "Roadmap Bot" }, "@"));
}

function selectChannel(channelId) {
  if (page.channelId === channelId) return;
  page.channelId = channelId;
  for (const entry of page.rendered.values()) entry.element.remove();
  page.rendered.clear();
  const dm = channelId === DM_CHANNEL;
  const channel = dm
    ? { name: "Roadmap Bot", topic: `Direct messages between ${memberName(page.viewerId)} and the bot` }
    : page.state.channels.find((candidate) => candidate.id === channelId);
  $("channel-hash").textContent = dm ? "@" : "#";
  $("channel-name").textContent = channel.name;
  $("channel-topic").textContent = channel.topic ?? "";
  const general = channelId === page.state.channels[0].id;
  const input = $("command-input");
  input.disabled = !general;
  $("send").disabled = !general;
  input.placeholder = general ? "Type / for commands, e.g. /roadmap check item:" : dm ? "The bot writes here. Run commands in #general." : "Only the bot posts here. Run commands in #general.";
  $("command-label").textContent = dm ? "Message @Roadmap Bot" : `Message #${channel.name}`;
  page.stickToBottom = true;
  renderChannel();
  $("messages").scrollTop = $("messages").scrollHeight;
}

// ---------- State and live updates ----------

async function refresh() {
  const state = await api("/api/state");
  page.state = state;
  page.clockSkewMs = new Date(state.now).getTime() - Date.now();
  renderSidebar();
  const viewer = encodeURIComponent(page.viewerId ?? "");
  const ids = [...state.channels.map((channel) => channel.id), DM_CHANNEL];
  const lists = await Promise.all(ids.map((id) => api(`/api/messages?channel=${id}&viewer=${viewer}`)));
  ids.forEach((id, index) => page.messages.set(id, lists[index].messages));
  if (!page.channelId) selectChannel(state.channels[0].id);
  else renderChannel();
}

let refreshing = false;
let refreshAgain = false;
async function scheduleRefresh() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    do {
      refreshAgain = false;
      await refresh();
    } while (refreshAgain);
  } catch (error) {
    $("skip-status").textContent = `Lost touch with the sandbox: ${error.message}`;
  } finally {
    refreshing = false;
  }
}

function renderSidebar() {
  const state = page.state;
  $("guild-name").textContent = state.guild.name;
  const format = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
  $("sandbox-now").textContent = format.format(new Date(state.now));
  $("sandbox-now").setAttribute("datetime", state.now);
  $("next-post").textContent = state.nextPostAt ? format.format(new Date(state.nextPostAt)) : "not set up";
  if (state.nextPostAt) $("next-post").setAttribute("datetime", state.nextPostAt);
  $("skip-week").disabled = !state.nextPostAt;
  const who = $("who");
  if (who.options.length !== state.members.length) {
    who.replaceChildren(...state.members.map((member) => el("option", { value: member.id }, member.organiser ? `${member.name} (organiser)` : member.name)));
    if (!state.members.some((member) => member.id === page.viewerId)) page.viewerId = state.members.find((member) => !member.organiser)?.id ?? state.members[0].id;
    who.value = page.viewerId;
  }
  renderLanguages(state);
}

// ---------- Languages: the viewer's Discord client and the server's ----------

function languageOptions(select, languages) {
  if (select.options.length === languages.length) return;
  select.replaceChildren(...languages.map((language) => el("option", { value: language.locale }, language.translated ? language.name : `${language.name} (the bot answers in English)`)));
}

function renderLanguages(state) {
  const viewer = state.members.find((member) => member.id === page.viewerId);
  languageOptions($("language"), state.languages);
  languageOptions($("server-language"), state.languages);
  if (viewer) $("language").value = viewer.locale;
  $("server-language").value = state.guild.locale;
  const language = state.languages.find((candidate) => candidate.locale === viewer?.locale);
  $("language-note").textContent =
    language && !language.translated ? `Roadmap Bot does not speak ${language.name} yet, so it answers ${viewer.name} in English.` : "";
}

async function pickLanguage(path, body) {
  $("composer-error").textContent = "";
  try {
    await api(path, body);
  } catch (error) {
    $("composer-error").textContent = error.message;
  }
  await scheduleRefresh();
}

// ---------- Command box and autocomplete ----------

const input = () => $("command-input");

function showSuggestions(suggestions, hint, attach) {
  page.attach = attach ?? null;
  $("attach-row").hidden = !page.attach;
  if (page.attach) $("attach-label").textContent = `Attach a file for ${page.attach.option}:`;
  page.suggestions = suggestions;
  page.activeSuggestion = -1;
  const list = $("suggestions");
  list.replaceChildren(
    ...suggestions.map((suggestion, index) => {
      const option = el(
        "li",
        { id: `suggestion-${index}`, role: "option", class: "suggestion", "aria-selected": "false" },
        el("span", { class: "suggestion-label" }, suggestion.label),
        suggestion.description ? el("span", { class: "suggestion-description" }, suggestion.description) : null,
      );
      // mousedown, not click: picking must not blur the input first.
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        applySuggestion(index);
      });
      return option;
    }),
  );
  list.hidden = suggestions.length === 0;
  input().setAttribute("aria-expanded", String(suggestions.length > 0));
  input().removeAttribute("aria-activedescendant");
  $("composer-hint").textContent = suggestions.length > 0 ? `${suggestions.length} suggestion${suggestions.length === 1 ? "" : "s"}: arrow keys to choose, Enter or Tab to pick.` : (hint ?? "");
}

function highlight(index) {
  const options = $("suggestions").children;
  if (options.length === 0) return;
  page.activeSuggestion = (index + options.length) % options.length;
  for (const [i, option] of [...options].entries()) option.setAttribute("aria-selected", String(i === page.activeSuggestion));
  const active = options[page.activeSuggestion];
  input().setAttribute("aria-activedescendant", active.id);
  active.scrollIntoView({ block: "nearest" });
}

function applySuggestion(index) {
  const suggestion = page.suggestions[index];
  if (!suggestion) return;
  input().value = suggestion.text;
  input().focus();
  showSuggestions([]);
  requestCompletion();
}

let completionTimer;
function requestCompletion() {
  clearTimeout(completionTimer);
  completionTimer = setTimeout(async () => {
    const text = input().value;
    const seq = ++page.completionSeq;
    if (!text.startsWith("/")) {
      showSuggestions([]);
      return;
    }
    try {
      const result = await api("/api/autocomplete", { memberId: page.viewerId, text });
      if (seq === page.completionSeq) showSuggestions(result.suggestions, result.hint, result.attach);
    } catch (error) {
      if (seq === page.completionSeq) showSuggestions([], error.message);
    }
  }, 120);
}

async function submitCommand(event) {
  event.preventDefault();
  const text = input().value.trim();
  if (!text) return;
  $("composer-error").textContent = "";
  clearTimeout(completionTimer);
  showSuggestions([]);
  page.completionSeq += 1;
  $("send").disabled = true;
  input().setAttribute("aria-busy", "true");
  try {
    await api("/api/command", { memberId: page.viewerId, text, files: Object.fromEntries(page.files) });
    input().value = "";
    page.files.clear();
    $("attached").textContent = "";
    $("composer-hint").textContent = "";
    await scheduleRefresh();
  } catch (error) {
    $("composer-error").textContent = error.message;
  } finally {
    $("send").disabled = false;
    input().removeAttribute("aria-busy");
    input().focus();
  }
}

function onKeyDown(event) {
  const open = page.suggestions.length > 0;
  if (event.key === "ArrowDown" && open) {
    event.preventDefault();
    highlight(page.activeSuggestion + 1);
  } else if (event.key === "ArrowUp" && open) {
    event.preventDefault();
    highlight(page.activeSuggestion - 1);
  } else if (event.key === "Tab" && open && !event.shiftKey) {
    event.preventDefault();
    applySuggestion(Math.max(page.activeSuggestion, 0));
  } else if (event.key === "Enter" && open && page.activeSuggestion >= 0) {
    event.preventDefault();
    applySuggestion(page.activeSuggestion);
  } else if (event.key === "Escape" && open) {
    event.preventDefault();
    showSuggestions([]);
  }
}

async function pressButton(message, button, node) {
  node.disabled = true;
  $("composer-error").textContent = "";
  try {
    await api("/api/button", { memberId: page.viewerId, messageId: message.id, customId: button.customId });
    await scheduleRefresh();
  } catch (error) {
    $("composer-error").textContent = error.message;
    node.disabled = false;
  }
}

async function skipWeek() {
  const button = $("skip-week");
  button.disabled = true;
  try {
    const result = await api("/api/skip-week", {});
    const when = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }).format(new Date(result.now));
    $("skip-status").textContent = `Moved the clock to ${when}. The weekly leaderboard appears in #progress in a moment.`;
    await scheduleRefresh();
  } catch (error) {
    $("skip-status").textContent = error.message;
  } finally {
    button.disabled = false;
  }
}

/** Reads the picked file and types its name after the attachment option, as Discord shows an attached file. */
async function attachFile(event) {
  const file = event.target.files?.[0];
  const attach = page.attach;
  event.target.value = "";
  if (!file || !attach) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  page.files.set(attach.option, { name: file.name, type: file.type || undefined, data: btoa(binary) });
  input().value = `${attach.prefix}${file.name} `;
  $("attached").textContent = `📎 ${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)`;
  input().focus();
  showSuggestions([]);
  requestCompletion();
}

// ---------- Theme ----------

// The page's palette is dark unless data-theme="light"; "system" follows the browser's preference.
const THEMES = ["system", "dark", "light"];
const prefersLight = window.matchMedia("(prefers-color-scheme: light)");
let themeChoice = "system";
function applyTheme(theme) {
  themeChoice = theme;
  document.documentElement.dataset.theme = theme === "system" ? (prefersLight.matches ? "light" : "dark") : theme;
  const button = $("theme-toggle");
  button.textContent = `Theme: ${theme}`;
  button.setAttribute("aria-pressed", String(theme !== "system"));
  localStorage.setItem("sandbox.theme", theme);
}

// ---------- Start ----------

function start() {
  applyTheme(localStorage.getItem("sandbox.theme") ?? "system");
  prefersLight.addEventListener("change", () => themeChoice === "system" && applyTheme("system"));
  $("theme-toggle").addEventListener("click", () => applyTheme(THEMES[(THEMES.indexOf(themeChoice) + 1) % THEMES.length]));
  $("who").addEventListener("change", (event) => {
    page.viewerId = event.target.value;
    if (page.channelId === DM_CHANNEL) $("channel-topic").textContent = `Direct messages between ${memberName(page.viewerId)} and the bot`;
    localStorage.setItem("sandbox.viewer", page.viewerId);
    for (const entry of page.rendered.values()) entry.element.remove();
    page.rendered.clear();
    scheduleRefresh();
    requestCompletion();
  });
  $("language").addEventListener("change", (event) => pickLanguage("/api/locale", { memberId: page.viewerId, locale: event.target.value }));
  $("server-language").addEventListener("change", (event) => pickLanguage("/api/server-locale", { locale: event.target.value }));
  $("composer").addEventListener("submit", submitCommand);
  input().addEventListener("input", requestCompletion);
  input().addEventListener("keydown", onKeyDown);
  input().addEventListener("blur", () => setTimeout(() => showSuggestions([]), 100));
  $("skip-week").addEventListener("click", skipWeek);
  $("attach-file").addEventListener("change", attachFile);
  $("messages").addEventListener("scroll", () => (page.stickToBottom = atBottom($("messages"))), { passive: true });
  const events = new EventSource("/api/events");
  events.addEventListener("change", () => {
    showStopped(false);
    scheduleRefresh();
  });
  // The browser retries by itself; until an answer comes, say why nothing works.
  events.addEventListener("error", () => showStopped(true));
  // Relative times ("in 3 days") move with the clock.
  setInterval(() => {
    if (!page.state) return;
    page.state.now = new Date(sandboxNow()).toISOString();
    renderSidebar();
  }, 30_000);
  scheduleRefresh();
}

start();
