/**
 * The words that tell a roadmap's structure apart from its content, in one place. Everything else
 * the importer infers from shape (headings, links, folders, numbering). Matching is on the
 * transliterated, lower-case text (see transliterate.ts), so accents do not matter.
 */
import { transliterate } from "./transliterate.ts";

/** "Stage", in the languages study groups have brought so far (Cyrillic and Greek transliterated). */
const STAGE_WORDS = ["stage", "phase", "stufe", "etappe", "etapa", "fase", "etape", "tappa", "etap", "stadiya", "faza", "stadio", "fasi"];
const STAGE_WORD = `(?:${STAGE_WORDS.join("|")})`;
/** CJK titles write the number first or last; these are whole-word markers in the original text. */
const CJK_STAGE = /^\s*(?:第\s*)?(\d+)\s*(?:阶段|階段|段階|단계)|^\s*(?:阶段|階段|段階|ステージ|단계)\s*(\d+)/u;

const STAGE_MENTION = new RegExp(`\\b${STAGE_WORD}\\s+(\\d+)\\b`);

/** "Stage 2: Working with AI Tools" → 2 and "Working with AI Tools"; "Stage 1 Projects" only mentions a stage. */
export function parseStageTitle(title: string): { stage: number; rest: string } | undefined {
  const cjk = CJK_STAGE.exec(title);
  if (cjk) return { stage: Number(cjk[1] ?? cjk[2]), rest: title.slice(cjk[0].length).replace(/^[\s:：.\-–—]+/u, "").trim() };
  const words = transliterate(title).split(" ").filter((word) => word.length > 0);
  if (words.length < 2 || !STAGE_WORDS.includes(words[0] ?? "") || !/^\d+$/.test(words[1] ?? "")) return undefined;
  const number = /\d+/.exec(title);
  if (!number) return undefined;
  const after = title.slice(number.index + number[0].length);
  if (!/^\s*(?:[:.\-–—：]|$)/u.test(after)) return undefined;
  return { stage: Number(words[1]), rest: after.replace(/^\s*[:.\-–—：]\s*/u, "").trim() };
}

/** "After Stage 1", "Ready for Stage 3": the stage a heading talks about, for lists with no stage above them. */
export function mentionedStage(text: string): number | undefined {
  const match = STAGE_MENTION.exec(transliterate(text).replace(/\s+/g, " "));
  return match ? Number(match[1]) : undefined;
}

/**
 * Headings whose lists are the stage's completion criteria, not items: prerequisites, "ready to move
 * on when", completion and success criteria, "after stage N".
 */
const CRITERIA = new RegExp(
  [
    "prerequisite", "criteria", "criterion", "ready to move", "ready for", "you re ready", "you are ready", "before you start",
    "before starting", "after stage", "when you can", "voraussetzung", "kriterien", "abschlusskriterien", "requisito",
    "criterios", "prerequis", "criteres", "requisiti", "criteri", "kriterii", "trebovaniya",
  ].join("|"),
);

export function isCriteriaHeading(title: string): boolean {
  return CRITERIA.test(transliterate(title).replace(/\s+/g, " "));
}

const MILESTONES = /milestone|meilenstein|hito|jalon|traguard|vekhi/;

export function isMilestoneHeading(title: string): boolean {
  return MILESTONES.test(transliterate(title));
}

/**
 * A claimed count: "(0/25 items)", "0/345 items", "(0/5 projects)". The unit is one word of letters,
 * so the pattern stays linear on any line.
 */
const CLAIM = /\(?\s?\d{1,7}\s?\/\s?(\d{1,7})\s{1,3}(\p{L}{1,20})\s?\)?/gu;
/** What trackers count, so that "80/20 rule" is not a claim. */
const CLAIM_UNITS = /^(items?|tasks?|projects?|topics?|skills?|lessons?|modules?|exercises?|elementos?|tareas?|proyectos?|temas?|aufgaben|punkte|themen|projekte|elements?|taches?|projets?|punkty|zadach|elementov|proektov)$/;

export function findClaim(text: string): { claimed: number; label: string } | undefined {
  CLAIM.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = CLAIM.exec(text)) !== null) {
    if (CLAIM_UNITS.test(transliterate(match[2] ?? "").trim())) break;
  }
  if (!match) return undefined;
  const label = trimEndOf(text.slice(0, match.index), " :*_-\t");
  return { claimed: Number(match[1]), label };
}

/** Columns of a hub's stage table, by header. */
export function stageTableColumn(header: string): "goal" | "level" | "skills" | undefined {
  const words = transliterate(header);
  if (/skill|kompetenz|habilidad|competenc|abilita|navyk/.test(words)) return "skills";
  if (/goal|ziel|objetivo|objectif|obiettivo|tsel/.test(words)) return "goal";
  if (/job ready|level|niveau|nivel|livello|uroven|berufsfertig/.test(words)) return "level";
  return undefined;
}

/** "Yes" and "No" in a level column. */
export function yesOrNo(cell: string): "yes" | "no" | undefined {
  const word = transliterate(cell).trim();
  if (/^(yes|ja|si|oui|da)$/.test(word)) return "yes";
  if (/^(no|nein|non|net)$/.test(word) || word === "") return "no";
  return undefined;
}

/** Trims trailing `characters` by a scan: a `[…]+$` regex would be quadratic on long runs. */
export function trimEndOf(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end).trim();
}
