/**
 * Bytes → text for subtitle files, which come in whatever encoding the tool that saved them used.
 *
 * Order of decision (WHATWG Encoding "decode" with BOM sniffing, then the usual subtitle-tool fallback):
 * 1. a byte-order mark decides and is stripped: EF BB BF → UTF-8, FF FE → UTF-16LE, FE FF → UTF-16BE;
 * 2. no BOM but the NUL pattern of UTF-16 text (every other byte 0 in the first KiB) → UTF-16 of that order,
 *    so a BOM-less "Unicode" save is not mistaken for a binary file;
 * 3. strict UTF-8 (`TextDecoder` with `fatal: true`);
 * 4. Windows-1252 when the bytes are not valid UTF-8: the usual encoding of legacy Western subtitle files
 *    (0x92 ’, 0x93 “, 0x97 —). Never a silent U+FFFD for those bytes.
 */

/** The encodings {@link decodeSubtitleBytes} reports; `utf-8-bom` is UTF-8 that started with a BOM. */
export type SubtitleEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Decoded text and the encoding it was read with. */
export interface DecodedSubtitles {
  /** The text without a byte-order mark. */
  text: string;
  encoding: SubtitleEncoding;
}

/**
 * Windows-1252 0x80–0x9F (WHATWG Encoding index-windows-1252); the five unassigned bytes map to the C1 control
 * of the same value, as WHATWG does. 0x00–0x7F and 0xA0–0xFF equal their code points.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];

/**
 * The runtime's `windows-1252` decoder, when it really is Windows-1252. Node 20 (and other ICU-less builds)
 * decode the label as ISO-8859-1, turning 0x92 into the control U+0092 instead of ’: checked once, here.
 */
const nativeCp1252: InstanceType<typeof TextDecoder> | null = (() => {
  try {
    const d = new TextDecoder('windows-1252');
    return d.decode(new Uint8Array([0x80, 0x92, 0x93, 0x97])) === '€’“—' ? d : null;
  } catch {
    return null;
  }
})();

const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });
/** Strict UTF-8: throws on invalid bytes, which is the signal to fall back to Windows-1252. Reusable after a throw. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeCp1252(bytes: Uint8Array): string {
  if (nativeCp1252 !== null) return nativeCp1252.decode(bytes);
  // Map to UTF-16 code units and let the native UTF-16 decoder build the string: far faster than
  // concatenating characters. A Uint16Array is little-endian on every platform Node, Bun and Deno run on.
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    units[i] = b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as number) : b;
  }
  return utf16le.decode(units);
}

/** UTF-16BE without relying on a `utf-16be` decoder (not every runtime build has one): swap, then decode LE. */
function decodeUtf16be(bytes: Uint8Array): string {
  const even = bytes.length & ~1;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < even; i += 2) {
    swapped[i] = bytes[i + 1] as number;
    swapped[i + 1] = bytes[i] as number;
  }
  if (even < bytes.length) swapped[even] = bytes[even] as number; // odd trailing byte: U+FFFD, as decoders do
  return utf16le.decode(swapped);
}

/**
 * Byte order of BOM-less UTF-16, or null: in the first KiB, at least 3/4 of the bytes at one parity are 0 and
 * almost none at the other. Subtitle text is mostly ASCII (digits, `:`, `-->`, Latin letters), so the pattern
 * is unmistakable; UTF-8 and single-byte text never contain NUL.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.75 && evenZeros <= pairs * 0.05) return 'utf-16le';
  if (evenZeros >= pairs * 0.75 && oddZeros <= pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Decode a subtitle file's bytes: `{ text, encoding }` with the byte-order mark removed. See the module comment
 * for the order of decisions. Never throws: every byte sequence decodes as Windows-1252. Use
 * {@link looksBinary} on the result to refuse files that are not text at all.
 */
export function decodeSubtitleBytes(bytes: Uint8Array): DecodedSubtitles {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    try {
      return { text: utf8.decode(body), encoding: 'utf-8-bom' };
    } catch {
      // A BOM followed by invalid UTF-8 (a tool glued a BOM onto a legacy file): the bytes still decide.
      return { text: decodeCp1252(body), encoding: 'windows-1252' };
    }
  }
  if (b0 === 0xff && b1 === 0xfe) return { text: utf16le.decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (b0 === 0xfe && b1 === 0xff) return { text: decodeUtf16be(bytes.subarray(2)), encoding: 'utf-16be' };
  const utf16 = sniffUtf16(bytes);
  if (utf16 === 'utf-16le') return { text: utf16le.decode(bytes), encoding: utf16 };
  if (utf16 === 'utf-16be') return { text: decodeUtf16be(bytes), encoding: utf16 };
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeCp1252(bytes), encoding: 'windows-1252' };
  }
}

/** How much of a text {@link looksBinary} samples: enough to judge, cheap on multi-megabyte input. */
const SAMPLE = 64 * 1024;

/**
 * True when decoded text is evidently not a subtitle file (an image, a video, an archive renamed `.srt`):
 * it contains U+0000 (text never does once UTF-16 is decoded), or more than 5% of the first 64 Ki characters
 * are C0 controls other than tab/LF/VT/FF/CR, DEL, or U+FFFD replacement characters. Never throws.
 */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, SAMPLE);
  if (n === 0) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && (c < 9 || c > 13)) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad > n * 0.05;
}
