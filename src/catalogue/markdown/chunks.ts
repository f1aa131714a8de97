/**
 * mdast-util-from-markdown grows faster than linearly on pages with thousands of separate lists
 * (its list preparation splices one event array for the whole page, upstream
 * syntax-tree/mdast-util-from-markdown#49). Parsing a long page in pieces bounds that: a page is cut
 * only before a `#` heading at the start of a line, which in CommonMark always starts a top-level
 * heading, except inside a fenced code block or a raw HTML block, which this scan skips. Structure
 * still comes from the parser; this only chooses where a piece may end. The cost: a link reference
 * definition (`[x]: url`) only serves references in its own piece.
 */
const PIECE = 32_000;

export interface Piece {
  text: string;
  /** Lines before this piece, to give positions in the whole page. */
  lineOffset: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const RAW_HTML = /^ {0,3}<(pre|script|style|textarea)[\s>]/i;

export function splitIntoPieces(text: string): Piece[] {
  if (text.length <= PIECE) return [{ text, lineOffset: 0 }];
  const pieces: Piece[] = [];
  let pieceStart = 0;
  let pieceLine = 0;
  let line = 0;
  let fence: string | undefined;
  let rawEnd: string | undefined;
  for (let start = 0; start < text.length; line++) {
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : newline;
    const content = text.slice(start, Math.min(end, start + 200));
    if (fence !== undefined) {
      const close = FENCE.exec(content);
      if (close?.[1] && close[1][0] === fence[0] && close[1].length >= fence.length && content.slice(close[0].length).trim() === "") fence = undefined;
    } else if (rawEnd !== undefined) {
      if (text.slice(start, end).toLowerCase().includes(rawEnd)) rawEnd = undefined;
    } else if (ATX_HEADING.test(content) && start - pieceStart >= PIECE) {
      pieces.push({ text: text.slice(pieceStart, start), lineOffset: pieceLine });
      pieceStart = start;
      pieceLine = line;
    } else {
      const open = FENCE.exec(content);
      if (open?.[1] && !(open[1][0] === "`" && content.slice(open[0].length).includes("`"))) fence = open[1];
      const raw = RAW_HTML.exec(content);
      if (raw?.[1] && !text.slice(start, end).toLowerCase().includes(`</${raw[1].toLowerCase()}>`)) rawEnd = `</${raw[1].toLowerCase()}>`;
      else if (/^ {0,3}<!--/.test(content) && !text.slice(start, end).includes("-->")) rawEnd = "-->";
    }
    start = end + 1;
  }
  pieces.push({ text: text.slice(pieceStart), lineOffset: pieceLine });
  return pieces;
}
