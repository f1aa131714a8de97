import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseCommandLine, runCli } from "../src/cli/command-line.ts";
import { roadmapFormatDocument } from "../src/catalogue/format-doc.ts";

const USAGE = `Usage: npm run docs:roadmap-format [-- --check]

Rewrites the reference tables of docs/roadmap-format.md from the roadmap schema
(src/catalogue/schema.ts), so the documented format cannot drift from what the bot accepts.

Options:
  --check     Change nothing; exit 1 if the document is out of date.
  -h, --help  Show this help.`;

const DOC = path.resolve(import.meta.dirname, "../docs/roadmap-format.md");

await runCli(async () => {
  const { values } = parseCommandLine(process.argv.slice(2), { usage: USAGE, options: { check: { type: "boolean" } } });
  const current = await readFile(DOC, "utf8");
  const next = roadmapFormatDocument(current);
  if (values.check) {
    if (next !== current) throw new Error("docs/roadmap-format.md is out of date: run npm run docs:roadmap-format");
    console.log("docs/roadmap-format.md is up to date.");
    return;
  }
  await writeFile(DOC, next);
  console.log(next === current ? "docs/roadmap-format.md was already up to date." : "Rewrote docs/roadmap-format.md from the schema.");
});
