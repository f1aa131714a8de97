import { readFileSync } from "node:fs";
import path from "node:path";
import type { MemberModel, MessageView, StandIn } from "../standin/index.ts";

// The three-page Markdown roadmap of test/fixtures/roadmap-upload (a hub and two stage pages,
// written in the author's shape and our own words), as `/roadmap-admin roadmap upload` options.

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/roadmap-upload");
const PAGES = ["web-path.md", "stage-1-building-pages.md", "stage-2-shipping-applications.md"];

export function upload(name: string, text: string | Buffer) {
  return { upload: { name, data: Buffer.isBuffer(text) ? text : Buffer.from(text), contentType: name.endsWith(".md") ? "text/markdown" : "application/octet-stream" } };
}

/** `file`, `file2`, `file3`: the pages of one version of the fixture. */
export function pageFiles(version: "v1" | "v2"): Record<string, ReturnType<typeof upload>> {
  const options: Record<string, ReturnType<typeof upload>> = {};
  PAGES.forEach((name, index) => (options[index === 0 ? "file" : `file${index + 1}`] = upload(name, readFileSync(path.join(FIXTURES, version, name), "utf8"))));
  return options;
}

/** Presses the button with this label on a preview, as the member, and returns the updated message. */
export async function press(standIn: StandIn, member: MemberModel, message: MessageView, label: string): Promise<MessageView> {
  const row = message.components[0] as { components: { custom_id: string; label: string }[] };
  const button = row.components.find((b) => b.label === label)!;
  return (await standIn.pressButton({ member, message, customId: button.custom_id })).reply();
}
