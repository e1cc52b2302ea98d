/**
 * The lines of a subtitle text, for the SubRip and WebVTT parsers: a table of where each line starts and ends in
 * the text rather than one string per line, so a parse allocates strings only for what it keeps (cue text, ids)
 * and for messages. Multi-megabyte files have hundreds of thousands of lines; not cutting each out of the text
 * is most of what makes the parsers fast.
 *
 * Line ends: LF, CRLF and a lone CR (classic Mac OS) each end a line, mixed freely; a CR at the very end of the
 * text ends the last line without adding an empty one. A leading U+FEFF (a BOM kept by a caller's own decoding)
 * is not part of line 0. Line `k` of the table is line `k + 1` of the file in warnings.
 *
 * The scanners over a line read its characters by index and stop at its end. Every line is followed by its
 * terminator (CR or LF) or by the end of the text (where `charCodeAt` gives NaN), none of which is a digit, a
 * space, `:`, `-` or `>`, so a scanner that stops at the first character it does not expect never reads into
 * the next line.
 */
import { isDigit, isGap, isInvisible, trimGaps } from './chars.js';
import { isPlainLine } from './tags.js';

/** Whitespace at the end of a text line, for trimming tests (no line terminators: lines have none). */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

/** Line arrays larger than this (entries) are not kept between parses: 4 MiB each. */
const MAX_KEPT = 1 << 20;

/**
 * The lines of a text as offsets into it. One table serves every parse ({@link linesOf}): its arrays are reused,
 * and the object lives as long as the module. Parsers are synchronous and call no outside code, so a parse
 * never meets another one using the table. (A table per parse would also work, but once none is left V8 may
 * collect its object layout and throw away the code it optimised for it, to compile it again on the next parse.)
 */
export class LineTable {
  text = '';
  /** Line count. Line `count` also exists: an empty line at the end of the text (a look-ahead needs no test). */
  count = 0;
  /** `starts[k]`, `ends[k]`: line `k` is `text.slice(starts[k], ends[k])`, terminator excluded. */
  starts: Int32Array = new Int32Array(1024);
  ends: Int32Array = new Int32Array(1024);
  /** Cache of {@link hasArrow}: the first `-->` at or after `arrowFrom` is at `arrowAt` (text length: none). */
  private arrowFrom = 0;
  private arrowAt = -1;
  /** Cache of {@link hasColon}, as for `hasArrow`. */
  private colonFrom = 0;
  private colonAt = -1;

  /** Fill the table with the lines of `text`, replacing what it held. */
  load(text: string): this {
    this.text = text;
    this.arrowFrom = 0;
    this.arrowAt = -1;
    this.colonFrom = 0;
    this.colonAt = -1;
    const n = text.length;
    let starts = this.starts;
    let ends = this.ends;
    let count = 0;
    let s = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    // A CR not right before the LF that ends its line is a line end too: found by a second search, kept one ahead.
    let cr = text.indexOf('\r', s);
    for (;;) {
      const lf = text.indexOf('\n', s);
      const stop = lf < 0 ? n : lf;
      // Lone CRs inside this LF-line cut it into several lines; a CR at its end is just part of its terminator.
      while (cr >= 0 && cr < stop - 1) {
        if (count + 2 > starts.length) [starts, ends] = grow(starts, ends);
        starts[count] = s;
        ends[count++] = cr;
        s = cr + 1;
        cr = text.indexOf('\r', s);
      }
      let e = stop;
      if (cr === stop - 1 && cr >= s) {
        e = cr;
        cr = text.indexOf('\r', stop + 1);
      }
      if (count + 2 > starts.length) [starts, ends] = grow(starts, ends);
      starts[count] = s;
      ends[count++] = e;
      if (lf < 0) break;
      s = lf + 1;
    }
    // The sentinel: an empty line at the end of the text.
    starts[count] = n;
    ends[count] = n;
    this.count = count;
    this.starts = starts;
    this.ends = ends;
    return this;
  }

  /** Let go of the text once the parse is done (the table would otherwise keep it alive); very large arrays too. */
  release(): void {
    this.text = '';
    this.count = 0;
    if (this.starts.length > MAX_KEPT) {
      this.starts = new Int32Array(1024);
      this.ends = new Int32Array(1024);
    }
  }

  /** Line `k` as a string (for messages, ids and the rare paths that need a string). */
  line(k: number): string {
    return this.text.slice(this.starts[k] as number, this.ends[k] as number);
  }

  /**
   * True for an empty line or one of gaps only (a block separator): whitespace and the invisible characters of
   * `chars.ts` (a line holding only an LRM or a BOM separates cues like an empty one).
   */
  isBlank(k: number): boolean {
    const text = this.text;
    const e = this.ends[k] as number;
    for (let p = this.starts[k] as number; p < e; p++) if (!isGap(text.charCodeAt(p))) return false;
    return true;
  }

  /**
   * A SubRip index line: digits only, gaps (whitespace, LRM, ZWSP, BOM, NBSP…) allowed around them and zero-width
   * ones (`chars.ts` `isInvisible`) between them.
   */
  isIndex(k: number): boolean {
    const text = this.text;
    const e = this.ends[k] as number;
    let p = this.starts[k] as number;
    let c = text.charCodeAt(p);
    while (isGap(c)) c = text.charCodeAt(++p);
    if (!isDigit(c)) return false;
    while (isDigit(c) || (isInvisible(c) && p < e)) c = text.charCodeAt(++p);
    while (isGap(c)) c = text.charCodeAt(++p);
    return p >= e;
  }

  /** The id of index line `k` ({@link isIndex}): its digits, without the invisible characters among them. */
  indexId(k: number): string {
    const id = this.trimmed(k);
    for (let p = 0; p < id.length; p++) if (!isDigit(id.charCodeAt(p))) return id.replace(/[^0-9]/g, '');
    return id;
  }

  /**
   * Whether line `k` holds a `:`, the one character every time-like group has (see `time.ts`
   * `timeLikeGroups`). Lines are asked in (nearly) increasing order: one text search serves many.
   */
  hasColon(k: number): boolean {
    const s = this.starts[k] as number;
    if (s < this.colonFrom || this.colonAt < s) {
      const at = this.text.indexOf(':', s);
      this.colonFrom = s;
      this.colonAt = at < 0 ? this.text.length : at;
    }
    return this.colonAt < (this.ends[k] as number);
  }

  /** Whether line `k` contains `-->`. Lines are asked in (nearly) increasing order: one text search serves many. */
  hasArrow(k: number): boolean {
    const s = this.starts[k] as number;
    if (s < this.arrowFrom || this.arrowAt < s) {
      const at = this.text.indexOf('-->', s);
      this.arrowFrom = s;
      this.arrowAt = at < 0 ? this.text.length : at;
    }
    return this.arrowAt + 3 <= (this.ends[k] as number);
  }

  /** Line `k` without gaps at either end (whitespace and invisible characters, `chars.ts`): how an id is kept. */
  trimmed(k: number): string {
    const text = this.text;
    const s = this.starts[k] as number;
    const e = this.ends[k] as number;
    // Fast path: nothing to trim at either end (an index line's digits), one slice.
    if (s < e && !maybeWhite(text.charCodeAt(s)) && !maybeWhite(text.charCodeAt(e - 1))) return text.slice(s, e);
    return trimGaps(text, s, e);
  }

  /**
   * A cue's raw text from its lines `from..to` (inclusive): the non-blank lines, right-trimmed, joined by `\n`.
   * Blank lines in the range are the ones a lenient parse let into the cue; they are not part of its text.
   * One slice of the text when the lines are consecutive, LF-separated and need no trimming (the usual case).
   */
  cueText(from: number, to: number): string {
    if (from > to) return '';
    const text = this.text;
    const starts = this.starts;
    const ends = this.ends;
    // Simple: every line non-empty, not ending in a space, and (but the last) followed by a lone LF.
    let simple = true;
    for (let k = from; k <= to && simple; k++) {
      const e = ends[k] as number;
      // (A gap at the end may be a line of gaps only, which is blank: not simple.)
      simple = e > (starts[k] as number) && !isGap(text.charCodeAt(e - 1));
      if (k < to) simple &&= starts[k + 1] === e + 1 && text.charCodeAt(e) === 10;
    }
    if (simple) return text.slice(starts[from] as number, ends[to] as number);
    let out = '';
    for (let k = from; k <= to; k++) {
      if (this.isBlank(k)) continue;
      const piece = this.trimmedEnd(k);
      out = out.length === 0 ? piece : `${out}\n${piece}`;
    }
    return out;
  }

  /**
   * True when the text {@link cueText} makes of lines `from..to` is its own plain text (`plainText` would return
   * it unchanged): every non-blank line is plain as it stands in the file (see `isPlainLine`) and needs no
   * trimming. Checked on the file's text, so building the cue's text never has to be read back.
   */
  isPlain(from: number, to: number, entities: boolean): boolean {
    const text = this.text;
    for (let k = from; k <= to; k++) {
      if (this.isBlank(k)) continue;
      const s = this.starts[k] as number;
      const e = this.ends[k] as number;
      if (isSpace(text.charCodeAt(e - 1)) || !isPlainLine(text, s, e, entities)) return false;
    }
    return true;
  }

  /** Line `k` without trailing whitespace (JavaScript `trimEnd` once it ends in a space). */
  private trimmedEnd(k: number): string {
    const e = this.ends[k] as number;
    return isSpace(this.text.charCodeAt(e - 1)) ? this.line(k).trimEnd() : this.line(k);
  }
}

/** Could this character be a gap to trim? (ASCII whitespace, and anything beyond ASCII to be safe.) */
function maybeWhite(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c > 127;
}

/** The table the parsers share (see {@link LineTable}). */
const shared = new LineTable();

/** The line table of `text`: the shared one, loaded. Call `release()` on it when done. */
export function linesOf(text: string): LineTable {
  return shared.load(text);
}

function grow(starts: Int32Array, ends: Int32Array): [Int32Array, Int32Array] {
  const s = new Int32Array(starts.length * 2);
  const e = new Int32Array(ends.length * 2);
  s.set(starts);
  e.set(ends);
  return [s, e];
}
