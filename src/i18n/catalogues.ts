import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LANGUAGE_CODES } from "./languages.ts";

/** `locales/` at the repository's root: one folder per language, one JSON file per namespace. */
export const LOCALES_DIR = fileURLToPath(new URL("../../locales/", import.meta.url));

/**
 * One namespace per area of the bot, so the people converting different areas edit different
 * files. `commands` holds the slash commands' localisations (its English is in `commands/*`).
 */
export const NAMESPACES = [
  "common",
  "commands",
  "progress",
  "leaderboard",
  "group",
  "milestones",
  "reminders",
  "admin",
  "import",
  "errors",
  "roadmaps",
  "importer",
  "schema",
] as const;

export type Namespace = (typeof NAMESPACES)[number];

/** A namespace's messages: nested objects of strings, as in the JSON files. */
export interface MessageTree {
  readonly [key: string]: string | MessageTree;
}

/** Every language's namespaces, as i18next takes them (`resources`). */
export type Catalogues = Record<string, Partial<Record<Namespace, MessageTree>>>;

/** Reads `locales/<language>/<namespace>.json` for the given languages; a missing file is an empty namespace. */
export function loadCatalogues(dir = LOCALES_DIR, languages: readonly string[] = LANGUAGE_CODES): Catalogues {
  const catalogues: Catalogues = {};
  for (const language of languages) {
    const namespaces: Partial<Record<Namespace, MessageTree>> = {};
    for (const namespace of NAMESPACES) {
      const file = join(dir, language, `${namespace}.json`);
      if (!existsSync(file)) continue;
      try {
        namespaces[namespace] = JSON.parse(readFileSync(file, "utf8")) as MessageTree;
      } catch (error) {
        throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
      }
    }
    catalogues[language] = namespaces;
  }
  return catalogues;
}

/** The language folders present under `dir` (a contributor's new folder shows up here before it is registered). */
export function languageFolders(dir = LOCALES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Every message key of a tree, dotted (`projection.projected`), with plural suffixes kept. */
export function flattenKeys(tree: MessageTree, prefix = ""): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") keys.set(path, value);
    else for (const [inner, text] of flattenKeys(value, path)) keys.set(inner, text);
  }
  return keys;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** `items_one` -> `items`: the key a caller asks for. */
export function baseKey(key: string): string {
  return key.replace(PLURAL_SUFFIX, "");
}
