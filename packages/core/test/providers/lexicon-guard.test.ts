import { describe, expect, it } from 'vitest';
import { chunkCues } from '../../src/chunking/chunk.js';
import { createLexiconProvider } from '../../src/providers/lexicon/index.js';
import { analyzeParsedSubtitles, parseSubtitles } from '../../src/index.js';
import { cuesOf } from '../support.js';

/** Text as a speech recogniser without punctuation writes it: lower case, no punctuation (apostrophes kept). */
const asrStyle = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}'\s-]+/gu, ' ').replace(/\s+/g, ' ').trim();

const lexicon = createLexiconProvider();

/** The expressions the curated lexicon reports in one cue of text, at every level. */
async function found(text: string): Promise<string[]> {
  const [chunk] = chunkCues(cuesOf(text)).chunks;
  const { items } = await lexicon.analyzeChunk({ chunk: chunk!, level: 'mixed', targetLanguage: 'en', minExpressions: 1, maxExpressions: 50 });
  return items.map((i) => i.expression);
}

/** Literal uses (first) and real uses (second) of one expression. */
const PAIRS: ReadonlyArray<readonly [expression: string, literal: string, used: string]> = [
  ['go down', 'Go down in your damn cellar!', 'Prices will go down next year.'],
  ['get in', 'Helen, get in the cellar.', "They can't get in."],
  ['back down', 'You know a place back down the road?', 'He will never back down.'],
  ['boss around', "Who's boss around here?", 'Stop bossing me around.'],
  ['call for', 'They are deluged with calls for help.', 'This calls for a celebration.'],
  ['wind up', 'He found a wind-up toy.', "You'll wind up in jail."],
  ['look up', 'I looked up at the sky.', 'Look it up in the dictionary.'],
  ['come up', 'We came up, okay?', 'Something came up at work.'],
  ['get over', 'How are you going to get over to that pump?', "You'll get over it."],
  ["that's all", "That's all we have to protect.", "I just wanted to say hello, that's all."],
  ['you know', 'Do you know him?', "He's wrong, you know."],
  ['kind of', 'It was some kind of trance.', "It's kind of hard to hear."],
  ['have got to', 'We got to the house late.', "We've got to go."],
  ['I see', 'I see him now.', 'Oh, I see.'],
  ['used to', "I'm not used to it.", 'You used to be scared here.'],
  ["that's right", "That's right here.", "Yes, that's right."],
  ['at all', 'They report at all the stations.', "I'm not sure at all."],
  ['got it', 'Go get it.', 'Got it.'],
  ['be used to', 'This knife is used to cut bread.', "He's used to working late."],
  ['just a minute', 'Just a minute ago he was here.', 'Just a minute, please.'],
  ['shut up', 'He shut up the shop.', 'Shut up!'],
  ['fair enough', 'It was fair enough to pass.', 'Fair enough.'],
  ['I mean', 'I mean what I say.', "I mean, it's not fair."],
  ['well done', "Well, don't you ever get tired?", 'Well done!'],
  // A physical place after the particle (WordNet noun classes) makes it a movement.
  ['look up', 'He looked up the chimney.', 'Look up the word.'],
  ['run into', 'I ran into the wall.', 'I ran into an old friend.'],
  ['get over', 'He got over the wall.', 'You will get over the shock.'],
  ['come across', 'We came across the road.', 'I came across a letter.'],
  ['over the hill', 'They went over the hill.', "He's over the hill."],
];

describe('lexicon guards: literal combinations are not reported, real uses are', () => {
  for (const [expression, literal, used] of PAIRS) {
    it(`${expression}: "${literal}" / "${used}"`, async () => {
      expect(await found(literal)).not.toContain(expression);
      expect(await found(used)).toContain(expression);
    });
  }

  it('keeps the guards on lower-case unpunctuated ASR text', async () => {
    // Not "that's all" nor "come up", whose real uses are told by a pause; hyphens stay in ASR text.
    for (const [expression, literal, used] of PAIRS.filter(([e]) => !["that's all", 'come up'].includes(e))) {
      expect(await found(asrStyle(literal)), literal).not.toContain(expression);
      expect(await found(asrStyle(used)), used).toContain(expression);
    }
  });

  it('keeps a motion verb whose meaning survives a place ("come back here")', async () => {
    expect(await found('Kovak, come back here.')).toContain('come back');
    expect(await found('I suggest we all go back downstairs.')).toContain('go back');
  });

  it('does not match across a sentence end or a speaker change', async () => {
    expect(await found('I had to give. Up there it was cold.')).not.toContain('give up');
    expect(await found('- What did you give?\n- Up to you.')).not.toContain('give up');
  });
});

describe('the offline finder across two cues', () => {
  it('finds "I\'ll look it / up tomorrow" with the first cue\'s start and the last cue\'s end', async () => {
    const srt = "1\n00:00:01,000 --> 00:00:02,000\nI'll look it\n\n2\n00:00:02,500 --> 00:00:04,000\nup tomorrow.\n\n3\n00:00:05,000 --> 00:00:06,000\nGood. Up there, then.\n";
    const parsed = parseSubtitles(Buffer.from(srt), { fileName: 'split.srt' });
    const report = await analyzeParsedSubtitles(parsed, { level: 'mixed', maxExpressions: 0, targetLanguage: 'en' });
    const lookUp = report.expressions.find((e) => e.expression === 'look up');
    expect(lookUp).toMatchObject({ cueRange: [0, 1], cueStartMs: 1000, cueEndMs: 4000, matchedText: 'look it up' });
    expect(lookUp!.startMs).toBeGreaterThan(1000);
    expect(lookUp!.endMs).toBeGreaterThan(2500);
    expect(lookUp!.endMs).toBeLessThanOrEqual(4000);
  });
});
