/**
 * What the importer writes into a roadmap where the pages say nothing (a stage's goal, level,
 * completion criterion): roadmap content, so in the roadmap's declared language when the
 * catalogues have it (`importer.json`, `defaults`), else English. Read without i18next: the upload
 * worker runs the importer and loads no translator, and these texts take plain values (no
 * plurals, no escaping: they are stored in the roadmap, not shown as markdown).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCALES_DIR } from "../../i18n/catalogues.ts";
import { catalogueLanguageFor, FALLBACK_LANGUAGE, type Language } from "../../i18n/languages.ts";
type EnglishImporter = typeof import("../../../locales/en/importer.json", { with: { type: "json" } });
type DefaultKey = keyof EnglishImporter["defaults"];
type Texts = Partial<Record<DefaultKey, string>>;

export interface DefaultTexts {
  readonly language: Language;
  stageTitle(number: number): string;
  goal(title: string): string;
  level(number: number): string;
  criterion(title: string): string;
}

const read = new Map<Language, Texts>();

function textsOf(language: Language): Texts {
  const known = read.get(language);
  if (known) return known;
  const file = JSON.parse(readFileSync(join(LOCALES_DIR, language, "importer.json"), "utf8")) as { defaults?: Texts };
  const texts = file.defaults ?? {};
  read.set(language, texts);
  return texts;
}

/** The default texts for a roadmap declared in `tag` (undefined: none declared). */
export function defaultTexts(tag: string | undefined): DefaultTexts {
  const language = catalogueLanguageFor(tag) ?? FALLBACK_LANGUAGE;
  const own = textsOf(language);
  const english = textsOf(FALLBACK_LANGUAGE);
  const fill = (key: DefaultKey, values: Record<string, string | number>): string =>
    (own[key] ?? english[key] ?? "").replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ""));
  return {
    language,
    stageTitle: (number) => fill("stageTitle", { number }),
    goal: (title) => fill("goal", { title }),
    level: (number) => fill("level", { number }),
    criterion: (title) => fill("criterion", { title }),
  };
}
