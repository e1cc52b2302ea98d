/**
 * `plain` text of a cue: what is said, without markup, for the model prompt and for matching expressions.
 *
 * Removed: HTML-style tags of SubRip (`<i> <b> <u> <font ...>`), WebVTT cue spans (W3C WebVTT "WebVTT caption
 * or subtitle cue text": `<c.class>`, `<v Speaker>`, `<lang en>`, `<i>`, `<b>`, `<u>`, `<ruby>`, `<rt>` and
 * timestamp tags `<00:00:01.000>`) and ASS/SSA override blocks `{\an8}` that many SubRip files carry. The
 * reading annotation of ruby text (`<rt>…</rt>`, and `<rp>…</rp>` fallback parentheses) is dropped with its
 * tags: `plain` keeps the base text (`漢字`), which is what an expression is matched against.
 *
 * A `<` that does not open a tag (`a < b`, `I <3 you`) and a `{` not followed by `\` are kept as text.
 */

/**
 * Character references decoded in WebVTT text: the ones WebVTT files use in practice (W3C WebVTT cue text syntax names
 * `&amp; &lt; &gt; &lrm; &rlm; &nbsp;`), plus `&quot; &apos;` and numeric references. Unknown ones stay as written.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
  quot: '"',
  apos: "'",
};

/** Options of {@link plainText}. */
export interface PlainTextOptions {
  /** Decode character references (`&amp;` …). On for WebVTT, whose syntax escapes `&` and `<`; off for SubRip. */
  entities?: boolean;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0;
}

function isTagStart(c: number): boolean {
  // a letter (tag name), `/` (end tag), a digit (WebVTT timestamp tag)
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 47 || (c >= 48 && c <= 57);
}

/** Index of the `>` closing a tag that opens at `lt`, or -1 when this `<` is just a character. */
function tagEnd(text: string, lt: number): number {
  if (!isTagStart(text.charCodeAt(lt + 1))) return -1;
  for (let i = lt + 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 62) return i;
    if (c === 60 || c === 10) return -1;
  }
  return -1;
}

/** Lower-case name of the tag at `lt` (`<rt>` → `rt`, `</RT>` → `/rt`, `<c.x>` → `c`). */
function tagName(text: string, lt: number, gt: number): string {
  let end = lt + 1;
  if (text.charCodeAt(end) === 47) end++;
  while (end < gt) {
    const c = text.charCodeAt(end);
    if (c === 32 || c === 9 || c === 46) break;
    end++;
  }
  return text.slice(lt + 1, end).toLowerCase();
}

/** After an `<rt>`/`<rp>` opening tag ending at `from - 1`: the index just past its annotation, or -1. */
function skipAnnotation(text: string, from: number, name: string): number {
  let i = text.indexOf('<', from);
  while (i >= 0) {
    const gt = tagEnd(text, i);
    if (gt >= 0) {
      const n = tagName(text, i, gt);
      if (n === `/${name}`) return gt + 1;
      if (n === '/ruby') return i; // end tag omitted: the ruby end closes the annotation too
    }
    i = text.indexOf('<', i + 1);
  }
  return -1;
}

/**
 * Index of the `}` closing an override block whose body starts at `from`, or, when the line ends first,
 * `-(line end) - 1` so the caller knows how far no block can close.
 */
function braceEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 125) return i;
    if (c === 10) return -i - 1;
  }
  return -text.length - 1;
}

/** Decode the character reference at `amp` into `decoded.text`; returns the index past `;`, or -1. */
const decoded = { text: '' };
function decodeEntity(text: string, amp: number): number {
  const semi = text.indexOf(';', amp + 1);
  if (semi < 0 || semi - amp > 10) return -1;
  const name = text.slice(amp + 1, semi);
  if (name.charCodeAt(0) === 35) {
    const hex = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88;
    const digits = name.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) return -1;
    const cp = Number.parseInt(digits, hex ? 16 : 10);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
    decoded.text = String.fromCodePoint(cp);
    return semi + 1;
  }
  const value = Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : undefined;
  if (value === undefined) return -1;
  decoded.text = value;
  return semi + 1;
}

/**
 * True when `text` needs no change: no markup, no reference, no line to trim or drop. Native searches rather than
 * a character loop: a cue's text is often a concatenation of its lines, which the engine reads faster whole.
 */
function isAlreadyPlain(text: string, entities: boolean): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (text.indexOf('<') >= 0 || text.indexOf('{') >= 0 || (entities && text.indexOf('&') >= 0)) return false;
  // Every line non-empty, without whitespace at either end.
  let s = 0;
  for (;;) {
    const nl = text.indexOf('\n', s);
    const e = nl < 0 ? n : nl;
    if (e === s || isSpace(text.charCodeAt(s)) || isSpace(text.charCodeAt(e - 1))) return false;
    if (nl < 0) return true;
    s = nl + 1;
  }
}

/** Index of `char` in `text` at or after `from`, or `text.length` when there is none. */
function next(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? text.length : at;
}

/**
 * True when one line of a cue, `text[start, end)` (no line end inside), is already plain: not empty, no `<`,
 * no `{`, no `&` when `entities` is set, no whitespace at either end. A cue whose lines all are has
 * `plainText(cueText) === cueText`; the parsers check this on the file's text, before the cue's text is built.
 */
export function isPlainLine(text: string, start: number, end: number, entities: boolean): boolean {
  if (start >= end || isSpace(text.charCodeAt(start)) || isSpace(text.charCodeAt(end - 1))) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 60 || c === 123 || (c === 38 && entities)) return false;
  }
  return true;
}

/**
 * The plain text of a cue's raw text: tags and `{\...}` override blocks removed, references decoded when
 * `options.entities` is set, each line trimmed, lines left empty by the removal dropped, lines joined by `\n`.
 * One linear scan; returns `text` itself when nothing needs removing (the common case, and allocation-free).
 * Never throws.
 */
export function plainText(text: string, options: PlainTextOptions = {}): string {
  const entities = options.entities === true;
  if (isAlreadyPlain(text, entities)) return text;
  let out = '';
  let seg = 0;
  const n = text.length;
  // Searches that found nothing are not repeated (`{\{\{\…` or `<rt><rt>…` would otherwise rescan the rest
  // of the text at every opener and make the scan quadratic): past this index no `}` closes a block on the
  // line, and once an `<rt>` (`<rp>`) has no end, no later one has.
  let noBraceUntil = -1;
  let rtEnds = true;
  let rpEnds = true;
  // The scan visits only the characters that can start something to remove, in text order: the next `<`, `{`
  // and `&` (n: none left), each found by a native search and searched again once passed.
  let lt = next(text, '<', 0);
  let brace = next(text, '{', 0);
  let amp = entities ? next(text, '&', 0) : n;
  for (;;) {
    const i = lt < brace ? (lt < amp ? lt : amp) : brace < amp ? brace : amp;
    if (i >= n) break;
    // Where the scan goes on after this character: past what was removed, or the next character.
    let resume = -1;
    if (i === lt) {
      const gt = tagEnd(text, i);
      if (gt >= 0) {
        out += text.slice(seg, i);
        // Only ruby annotations need the tag's name; reading it for every `<i>` would cost an allocation.
        const first = text.charCodeAt(i + 1) | 0x20;
        const name = first === 114 ? tagName(text, i, gt) : '';
        let skipTo = -1;
        if (name === 'rt' && rtEnds) {
          skipTo = skipAnnotation(text, gt + 1, name);
          rtEnds = skipTo >= 0;
        } else if (name === 'rp' && rpEnds) {
          skipTo = skipAnnotation(text, gt + 1, name);
          rpEnds = skipTo >= 0;
        }
        resume = skipTo >= 0 ? skipTo : gt + 1;
      } else {
        lt = next(text, '<', i + 1);
        continue;
      }
    } else if (i === brace) {
      if (text.charCodeAt(i + 1) === 92 && i > noBraceUntil) {
        const close = braceEnd(text, i + 2);
        if (close >= 0) {
          out += text.slice(seg, i);
          resume = close + 1;
        } else {
          noBraceUntil = -close - 1;
        }
      }
      if (resume < 0) {
        brace = next(text, '{', i + 1);
        continue;
      }
    } else {
      const end = decodeEntity(text, i);
      if (end < 0) {
        amp = next(text, '&', i + 1);
        continue;
      }
      out += text.slice(seg, i) + decoded.text;
      resume = end;
    }
    // Something was removed or replaced up to `resume`: the characters before it are not looked at again.
    seg = resume;
    if (lt < resume) lt = next(text, '<', resume);
    if (brace < resume) brace = next(text, '{', resume);
    if (amp < resume) amp = entities ? next(text, '&', resume) : n;
  }
  out += text.slice(seg);
  // Usually only tags went (`<i>…</i>`) and the lines need no trimming: skip the split and join.
  if (isAlreadyPlain(out, false)) return out;
  const lines = out.split('\n');
  let result = '';
  for (const line of lines) {
    const t = line.trim();
    if (t.length === 0) continue;
    result = result.length === 0 ? t : `${result}\n${t}`;
  }
  return result;
}
