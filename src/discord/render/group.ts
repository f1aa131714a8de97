import type { APIEmbed } from "discord.js";
import type { Buddies, GroupMap, ItemPeers, StagePace } from "../../group/group-service.ts";
import { BUDDY_ACTIVE_DAYS, STUCK_AFTER_DAYS } from "../../group/group-service.ts";
import type { Translator } from "../../i18n/translator.ts";
import { itemPlace } from "./check.ts";
import { COLOURS, discordTime, noteText, pageMark, percent, progressBar, safeText, truncate } from "./text.ts";

function finishedBy(finishers: number, members: number, t: Translator): string {
  return t.t("group:finishedBy", { finishers, count: members });
}

export const GROUP_MAP_FILE = "group-map.png";

/** The overview with the group's map as its picture; the embed's text stays the accessible fallback. */
export function withGroupMapPicture(embed: APIEmbed, map: GroupMap, png: Buffer, t: Translator) {
  return {
    embed: { ...embed, image: { url: `attachment://${GROUP_MAP_FILE}` } },
    file: { name: GROUP_MAP_FILE, data: png, description: t.plain("group:picture.description", { number: map.stage.number }) },
  };
}

/** Page 0: the stage at a glance. Page n: section n, item by item. */
export function groupPageCount(map: GroupMap): number {
  return map.sections.length + 1;
}

export function renderGroupPage(map: GroupMap, page: number, t: Translator): APIEmbed {
  const title = t.t("group:title", { number: map.stage.number, title: map.stage.title });
  const members = t.plain("group:members", { count: map.members });
  if (map.members === 0) {
    return { title, color: COLOURS.brand, description: t.t("group:nobodyYet"), footer: { text: members } };
  }
  const footer = { text: `${members}${pageMark(page, groupPageCount(map), t)}` };
  const section = map.sections[page - 1];
  if (!section) {
    // Two figures, each named: who finished the whole section, and how much of it the group has done.
    const lines = map.sections.map((s) => {
      const done = s.items.reduce((sum, i) => sum + i.members, 0);
      const possible = s.items.length * map.members;
      return t.t("group:sectionLine", {
        number: s.number,
        title: s.title,
        finished: finishedBy(s.finishers, map.members, t),
        percent: t.percent(percent(done, possible)),
        bar: progressBar(done, possible, 8),
      });
    });
    const stuck =
      map.stuck.length > 0
        ? map.stuck.map((s) => t.t("group:stuck", { title: s.item.title, count: s.members, days: STUCK_AFTER_DAYS })).join("\n")
        : t.t("group:notStuck");
    return {
      title,
      color: COLOURS.brand,
      description: lines.join("\n"),
      fields: [{ name: t.t("group:stuckField"), value: truncate(stuck, 1024) }],
      footer,
    };
  }
  const lines = section.items.map(
    (entry) => `\`${progressBar(entry.members, map.members, 6)}\` ${t.percent(percent(entry.members, map.members))} ${safeText(entry.item.title, 80)}`,
  );
  const heading = t.t("group:sectionHeading", { number: section.number, title: section.title, finished: finishedBy(section.finishers, map.members, t) });
  return { title, color: COLOURS.brand, description: [heading, "", ...lines].join("\n"), footer };
}

export function renderItemPeers(peers: ItemPeers, t: Translator): APIEmbed {
  const total = peers.named.length + peers.more + peers.hiddenCount + peers.leftCount;
  const names = peers.named.map((doer) => `<@${doer.userId}>`);
  const who = [
    names.length > 0 ? names.join(" ") : "",
    peers.more > 0 ? t.t("group:item.more", { count: peers.more }) : "",
    peers.hiddenCount > 0 ? t.t("group:item.hidden", { count: peers.hiddenCount }) : "",
    peers.leftCount > 0 ? t.t("group:item.left", { count: peers.leftCount }) : "",
  ]
    .filter(Boolean)
    .join(" ");
  const notes = peers.notes.map((doer) => `<@${doer.userId}> ${discordTime(doer.doneAt, "R")}: ${noteText(doer.note ?? "", 180)}`);
  return {
    title: truncate(peers.item.title, 256),
    color: COLOURS.brand,
    description: `${itemPlace(peers.item, t)}${peers.item.description ? `\n${peers.item.description}` : ""}`,
    fields: [
      { name: t.t("group:item.doneBy", { count: total }), value: truncate(who || t.t("group:item.nobody"), 1024) },
      { name: t.t("group:item.notes"), value: truncate(notes.join("\n") || t.t("group:item.noNotes"), 1024) },
      ...(peers.item.resources.length > 0
        ? [{ name: t.t("group:item.resources"), value: truncate(peers.item.resources.map((r) => `[${r.title}](${r.url})`).join("\n"), 1024) }]
        : []),
    ],
  };
}

export function renderBuddies(result: Buddies, t: Translator): APIEmbed {
  const stage = result.stage;
  if (!stage) return { title: t.t("group:buddies.title"), color: COLOURS.success, description: t.t("group:buddies.finished") };
  if (result.buddies.length === 0) {
    return {
      title: t.t("group:buddies.title"),
      color: COLOURS.brand,
      description: t.t("group:buddies.none", { number: stage.number, days: BUDDY_ACTIVE_DAYS }),
    };
  }
  return {
    title: t.t("group:buddies.stageTitle", { number: stage.number, title: stage.title }),
    color: COLOURS.brand,
    description: result.buddies
      .map((buddy) => {
        const line = t.t("group:buddies.line", { mention: `<@${buddy.userId}>`, done: buddy.stageDone, count: stage.items.length });
        return buddy.sharedRecent > 0 ? `${line} · ${t.t("group:buddies.shared", { count: buddy.sharedRecent })}` : line;
      })
      .join("\n"),
    footer: { text: t.plain("group:buddies.footer", { days: BUDDY_ACTIVE_DAYS }) },
  };
}

/** One line per stage: how members with a target date are doing against it. */
export function renderGroupPace(pace: readonly StagePace[], t: Translator): { name: string; value: string } {
  const lines = pace.map((p) => {
    const parts = [t.t("group:pace.onTrack", { count: p.onTrack }), t.t("group:pace.behind", { count: p.behind })];
    if (p.notEnoughData > 0) parts.push(t.t("group:pace.tooNew", { count: p.notEnoughData }));
    return t.t("group:pace.line", { stage: p.stage.number, parts: parts.join(t.t("group:pace.separator")) });
  });
  return { name: t.t("group:pace.name"), value: truncate(lines.join("\n"), 1024) };
}
