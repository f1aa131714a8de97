/**
 * Latin letters for ids made from titles in other scripts. Latin scripts lose their accents through
 * NFKD (é → e + mark); a few letters have no decomposition and are folded here. Cyrillic and Greek
 * use simple, widely used romanisations (close to ISO 9 / ELOT without diacritics), one table each.
 * Scripts whose romanisation needs a dictionary (Chinese, Japanese kanji) or vowels the text does not
 * write (Arabic, Hebrew) are not guessed: their letters are dropped, and the caller falls back to a
 * readable positional id (see ids.ts), because a hash would tell a reader nothing.
 */
const LATIN_FOLDS: Readonly<Record<string, string>> = {
  ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", þ: "th", ı: "i", ħ: "h", ŋ: "ng",
};

const CYRILLIC: Readonly<Record<string, string>> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "yo", ж: "zh", з: "z", и: "i", й: "y", к: "k",
  л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts",
  ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
  і: "i", ї: "yi", є: "ye", ґ: "g", ў: "u", ј: "j", љ: "lj", њ: "nj", џ: "dz", ђ: "dj", ћ: "c",
};

const GREEK: Readonly<Record<string, string>> = {
  α: "a", β: "v", γ: "g", δ: "d", ε: "e", ζ: "z", η: "i", θ: "th", ι: "i", κ: "k", λ: "l", μ: "m",
  ν: "n", ξ: "x", ο: "o", π: "p", ρ: "r", σ: "s", ς: "s", τ: "t", υ: "y", φ: "f", χ: "ch", ψ: "ps", ω: "o",
};

/** Lower-case ASCII letters and digits for `text`; other characters become spaces. */
export function transliterate(text: string): string {
  const decomposed = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  let out = "";
  for (const character of decomposed) {
    if (/[a-z0-9]/.test(character)) out += character;
    else out += LATIN_FOLDS[character] ?? CYRILLIC[character] ?? GREEK[character] ?? " ";
  }
  return out;
}
