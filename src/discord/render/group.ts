import type { APIEmbed } from "discord.js";
import type { Buddies, GroupMap, ItemPeers, StagePace } from "../../group/group-service.ts";
import { STUCK_AFTER_DAYS } from "../../group/group-service.ts";
import { COLOURS, discordTime, noteText, pageMark, percent, progressBar, truncate } from "./text.ts";

function finishedBy(finishers: number, members: number): string {
  return `finished by ${finishers}/${members} member${members === 1 ? "" : "s"}`;
}

export const GROUP_MAP_FILE = "group-map.png";

/** The overview with the group's map as its picture; the embed's text stays the accessible fallback. */
export function withGroupMapPicture(embed: APIEmbed, map: GroupMap, png: Buffer) {
  return {
    embed: { ...embed, image: { url: `attachment://${GROUP_MAP_FILE}` } },
    file: { name: GROUP_MAP_FILE, data: png, description: `Map of the group on Stage ${map.stage.number}: sections by completion, and where members are stuck` },
  };
}

/** Page 0: the stage at a glance. Page n: section n, item by item. */
export function groupPageCount(map: GroupMap): number {
  return map.sections.length + 1;
}

export function renderGroupPage(map: GroupMap, page: number): APIEmbed {
  const title = `The group on Stage ${map.stage.number}: ${map.stage.title}`;
  const members = `${map.members} member${map.members === 1 ? "" : "s"} on the roadmap`;
  if (map.members === 0) {
    return { title, color: COLOURS.brand, description: "Nobody has checked an item yet. Start with `/roadmap check`!", footer: { text: members } };
  }
  const footer = { text: `${members}${pageMark(page, groupPageCount(map))}` };
  const section = map.sections[page - 1];
  if (!section) {
    // Two figures, each named: who finished the whole section, and how much of it the group has done.
    const lines = map.sections.map((s) => {
      const done = s.items.reduce((sum, i) => sum + i.members, 0);
      const possible = s.items.length * map.members;
      return `**${s.number} ${s.title}**: ${finishedBy(s.finishers, map.members)} · ${percent(done, possible)}% of its items done \`${progressBar(done, possible, 8)}\``;
    });
    const stuck =
      map.stuck.length > 0
        ? map.stuck.map((s) => `⏸️ **${s.item.title}**: ${s.members} members stopped just before it (no check for ${STUCK_AFTER_DAYS} days)`).join("\n")
        : "Nobody is stuck: no one has stalled for two weeks right before an item.";
    return {
      title,
      color: COLOURS.brand,
      description: lines.join("\n"),
      fields: [{ name: "Where the group is stuck", value: truncate(stuck, 1024) }],
      footer,
    };
  }
  const lines = section.items.map(
    (entry) => `\`${progressBar(entry.members, map.members, 6)}\` ${percent(entry.members, map.members)}% ${truncate(entry.item.title, 80)}`,
  );
  return {
    title,
    color: COLOURS.brand,
    description: [`**${section.number} ${section.title}**: ${finishedBy(section.finishers, map.members)}`, "", ...lines].join("\n"),
    footer,
  };
}

export function renderItemPeers(peers: ItemPeers): APIEmbed {
  const total = peers.named.length + peers.more + peers.hiddenCount + peers.leftCount;
  const names = peers.named.map((doer) => `<@${doer.userId}>`);
  const who = [
    names.length > 0 ? names.join(" ") : "",
    peers.more > 0 ? `and ${peers.more} more` : "",
    peers.hiddenCount > 0 ? `(+${peers.hiddenCount} who keep their progress private)` : "",
    peers.leftCount > 0 ? `(+${peers.leftCount} no longer in the server)` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const notes = peers.notes.map((doer) => `<@${doer.userId}> ${discordTime(doer.doneAt, "R")}: ${noteText(doer.note ?? "", 180)}`);
  return {
    title: truncate(peers.item.title, 256),
    color: COLOURS.brand,
    description: `Stage ${peers.item.stage} · ${peers.item.section} ${peers.item.sectionTitle}${peers.item.description ? `\n${peers.item.description}` : ""}`,
    fields: [
      { name: `Done by ${total} member${total === 1 ? "" : "s"}`, value: truncate(who || "Nobody yet: be the first!", 1024) },
      { name: "Notes and links from peers", value: truncate(notes.join("\n") || "No notes yet. Add one when you check it: `/roadmap check note:`.", 1024) },
      ...(peers.item.resources.length > 0
        ? [{ name: "Resources", value: truncate(peers.item.resources.map((r) => `[${r.title}](${r.url})`).join("\n"), 1024) }]
        : []),
    ],
  };
}

export function renderBuddies(result: Buddies): APIEmbed {
  if (!result.stage) return { title: "Study buddies", color: COLOURS.success, description: "You have finished the roadmap: time to mentor someone! 🎉" };
  if (result.buddies.length === 0) {
    return {
      title: "Study buddies",
      color: COLOURS.brand,
      description: `Nobody else on Stage ${result.stage.number} has been active in the last 30 days (or they prefer not to be suggested). Check back after the next leaderboard!`,
    };
  }
  return {
    title: `Study buddies on Stage ${result.stage.number}: ${result.stage.title}`,
    color: COLOURS.brand,
    description: result.buddies
      .map((buddy) => {
        const shared = buddy.sharedRecent > 0 ? ` · ${buddy.sharedRecent} item${buddy.sharedRecent === 1 ? "" : "s"} you both did recently` : "";
        return `🤝 <@${buddy.userId}> · ${buddy.stageDone}/${result.stage!.items.length} of this stage${shared}`;
      })
      .join("\n"),
    footer: { text: "Members active in the last 30 days on your stage. Leave the list with /roadmap privacy buddies: False" },
  };
}

/** One line per stage: how members with a target date are doing against it. */
export function renderGroupPace(pace: readonly StagePace[]): { name: string; value: string } {
  return {
    name: "Pace against targets",
    value: truncate(
      pace
        .map((p) => {
          const parts = [`${p.onTrack} on track`, `${p.behind} behind`];
          if (p.notEnoughData > 0) parts.push(`${p.notEnoughData} too new to tell`);
          return `Stage ${p.stage.number}: ${parts.join(" · ")}`;
        })
        .join("\n"),
      1024,
    ),
  };
}
