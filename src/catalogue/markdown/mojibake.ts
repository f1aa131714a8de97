/** Character → byte for the upper half of single-byte encodings that UTF-8 files get misread as. */
function upperHalfBytes(encoding: string): ReadonlyMap<string, number> {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return table;
}

const MISREAD_ENCODINGS: readonly { readonly name: string; readonly bytes: ReadonlyMap<string, number> }[] = [
  { name: "Mac Roman", bytes: upperHalfBytes("macintosh") },
  { name: "Windows-1252", bytes: upperHalfBytes("windows-1252") },
];

/**
 * Undoes UTF-8 that was decoded as Mac Roman or Windows-1252 and saved again ("‚úÖ" for "✅").
 * Only when the whole text converts back to bytes that are valid UTF-8, so genuine text is left alone.
 */
export function repairMojibake(text: string): { text: string; misreadAs?: string } {
  if (/^[\x00-\x7f]*$/.test(text)) return { text };
  for (const encoding of MISREAD_ENCODINGS) {
    const repaired = reencodeAsUtf8(text, encoding.bytes);
    if (repaired !== undefined && repaired !== text) return { text: repaired, misreadAs: encoding.name };
  }
  return { text };
}

function reencodeAsUtf8(text: string, upperHalf: ReadonlyMap<string, number>): string | undefined {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const byte = code < 0x80 ? code : upperHalf.get(character);
    if (byte === undefined) return undefined;
    bytes.push(byte);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}
