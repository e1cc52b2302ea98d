import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/subtitles/index.js';

describe('plainText', () => {
  it.each([
    ['<i>It\'s a piece of cake.</i>', "It's a piece of cake."],
    ['<font color="#ffff00">Hold on a second.</font>', 'Hold on a second.'],
    ['<b>Stop</b> right there, <u>please</u>.', 'Stop right there, please.'],
    ['<I>Upper-case</I> tags', 'Upper-case tags'],
    ['<c.yellow.bg_blue>Coloured</c> text', 'Coloured text'],
    ['<v Roger Bingham>We are in New York City', 'We are in New York City'],
    ['<v.loud Esme>Hello</v>', 'Hello'],
    ['<lang en-GB>colour</lang>', 'colour'],
    ['<00:00:01.000>karaoke <00:00:02.000>words', 'karaoke words'],
    ['<ruby>漢<rt>kan</rt>字<rt>ji</rt></ruby>です', '漢字です'],
    ['<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>', '漢'],
    ['<ruby>漢<rt>kan</ruby>字', '漢字'],
    ['{\\an8}Top of the screen', 'Top of the screen'],
    ['{\\i1}Italic{\\i0} then not', 'Italic then not'],
    ['<i> Hello </i>\n  <i>World</i>  ', 'Hello\nWorld'],
    ['{\\an8}\nHello', 'Hello'],
    ['- Are you coming?\n- In a minute.', '- Are you coming?\n- In a minute.'],
  ])('%j → %j', (text, plain) => {
    expect(plainText(text)).toBe(plain);
  });

  it.each([
    ['a < b and c > d', 'a < b and c > d'],
    ['I <3 you', 'I <3 you'],
    ['{not an override}', '{not an override}'],
    ['{\\unclosed block', '{\\unclosed block'],
    ['<i unclosed', '<i unclosed'],
    ['Tom &amp; Jerry', 'Tom &amp; Jerry'],
  ])('keeps what is not markup: %j', (text, plain) => {
    expect(plainText(text)).toBe(plain);
  });

  it('decodes WebVTT character references when asked, once, and keeps unknown ones', () => {
    const entities = { entities: true };
    expect(plainText('Tom &amp; Jerry &lt;3', entities)).toBe('Tom & Jerry <3');
    expect(plainText('&lt;i&gt;not a tag&lt;/i&gt;', entities)).toBe('<i>not a tag</i>');
    expect(plainText('a&nbsp;b &lrm;c&rlm;', entities)).toBe('a\u00a0b \u200ec\u200f');
    expect(plainText('it&#39;s &#x2019; &quot;q&quot;', entities)).toBe('it\'s ’ "q"');
    expect(plainText('&foo; &amp &#0; &#xZZ; &', entities)).toBe('&foo; &amp &#0; &#xZZ; &');
    expect(plainText('&amp;amp;', entities)).toBe('&amp;');
  });

  it('returns the same string when there is nothing to remove', () => {
    const text = 'Nothing to see here.\nMove along.';
    expect(plainText(text)).toBe(text);
    expect(plainText('')).toBe('');
  });

  it('stays linear on pathological input', () => {
    const big = `${'{\\'.repeat(200_000)}${'<rt>'.repeat(100_000)}${'<'.repeat(200_000)}`;
    const started = performance.now();
    plainText(big);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
