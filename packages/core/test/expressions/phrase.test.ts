import { describe, expect, it } from 'vitest';
import { compilePhrase, findPhrase } from '../../src/expressions/phrase.js';
import { tokenizeCues, tokenizeText } from '../../src/expressions/tokens.js';
import { cuesOf } from '../support.js';

/** The words of `text` a phrase matches, as spoken, or null. */
function spoken(expression: string, text: string, separable = false): string | null {
  const { tokens } = tokenizeText(text, 0);
  const [match] = findPhrase(compilePhrase(expression, { separable }), tokens);
  return match ? text.slice(tokens[match.first]!.start, tokens[match.last]!.end) : null;
}

describe('tokenizeText', () => {
  it('normalises case, curly apostrophes and contractions', () => {
    expect(tokenizeText('Don’t GIVE up, it’s fine', 0).tokens.map((t) => t.word)).toEqual(['do', 'not', 'give', 'up', 'it', 'is', 'fine']);
    expect(tokenizeText("I'm gonna go, c'mon!", 0).tokens.map((t) => t.word)).toEqual(['i', 'am', 'going', 'to', 'go', 'come', 'on']);
    expect(tokenizeText("nothin' doin'", 0).tokens.map((t) => t.word)).toEqual(['nothing', 'doing']);
  });

  it('skips SDH labels, speaker names, dashes and music notes, and breaks sentences there', () => {
    const { tokens } = tokenizeText('[DOOR CLOSES]\nNARRATOR: Meanwhile, in town...', 0);
    expect(tokens.map((t) => t.word)).toEqual(['meanwhile', 'in', 'town']);
    const dashes = tokenizeText('- Are you coming?\n- In a minute.', 0).tokens;
    expect(dashes.map((t) => t.word)).toEqual(['are', 'you', 'coming', 'in', 'a', 'minute']);
    expect(dashes.filter((t) => t.breakBefore).map((t) => t.word)).toEqual(['are', 'in']);
    expect(tokenizeText('♪ La la la ♪', 0).tokens.map((t) => t.word)).toEqual(['la', 'la', 'la']);
  });

  it('keeps the character span of each word in the plain text', () => {
    const text = 'Well, he gave up.';
    const { tokens } = tokenizeText(text, 0);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Well', 'he', 'gave', 'up']);
  });
});

describe('findPhrase', () => {
  it('matches inflected forms through the lemmatiser', () => {
    expect(spoken('give up', 'He gave up at last.')).toBe('gave up');
    expect(spoken('give up', "She's giving up already?")).toBe('giving up');
    expect(spoken('give up', 'Nobody gives up here.')).toBe('gives up');
    expect(spoken('run out of', "We're running out of time!")).toBe('running out of');
  });

  it('matches separable phrasal verbs only when allowed, with the object between', () => {
    expect(spoken('pick up', 'Pick it up, will you?', true)).toBe('Pick it up');
    expect(spoken('figure out', "We'll figure the whole thing out.", true)).toBe('figure the whole thing out');
    expect(spoken('pick up', 'Pick it up, will you?', false)).toBeNull();
  });

  it('keeps clause starts, commas and quotes out of a separable object', () => {
    expect(spoken('try out', 'We must try to get out.', true)).toBeNull();
    expect(spoken('let in', 'Let him be buried in peace.', true)).toBeNull();
    expect(spoken('call in', 'We should call our class project, “Fungis in a Forest!”', true)).toBeNull();
    expect(spoken('give someone a hand', 'Give, me a hand.')).toBeNull();
    expect(findPhrase(compilePhrase('pick up', { separable: true }), tokenizeText('Pick the box up', 0).tokens)[0]).toMatchObject({ separated: true, exact: false });
  });

  it('reads a separated particle followed by its own object or by here/there as a preposition or a place', () => {
    expect(spoken('put on', 'Put the wreath on the grave.', true)).toBeNull();
    expect(spoken('put on', 'Put your coat on.', true)).toBe('Put your coat on');
    // Unseparated, the words are there: whether "get up here" is literal is the lexicon's guard's call (providers/lexicon/guard.ts).
    expect(spoken('get up', 'Get up here!')).toBe('Get up');
    expect(spoken('use up', "I could've used some help up here.", true)).toBeNull();
    expect(spoken('use up', 'We used the milk up.', true)).toBe('used the milk up');
    expect(spoken('give up', "Don't give up here.")).toBe('give up');
    expect(spoken('keep out', 'She kept reaching out her hands.', true)).toBeNull();
    expect(spoken('let out', "Let's go check out the house.", true)).toBeNull();
  });

  it('reads clitics by the word after them', () => {
    expect(spoken('had better', "You'd better run.")).toBe("You'd better");
    expect(spoken('have got to', "He's got to go.")).toBe("He's got to");
  });

  it('lets a placeholder end a phrase before a comma, but not cross punctuation the phrase lacks', () => {
    expect(spoken('way ahead of someone', 'Way ahead of you, man.')).toBe('Way ahead of you');
    expect(spoken('there there', 'there... there’s lots')).toBeNull();
    expect(spoken('easy come, easy go', 'Easy come, easy go.')).toBe('Easy come, easy go');
  });

  it('does not match two words that merely share a lemma', () => {
    expect(spoken('cheers', 'They cheered.')).toBeNull();
    expect(spoken('give up', 'He gave up.')).toBe('gave up');
  });

  it('does not cross a sentence end or a speaker change', () => {
    expect(spoken('give up', 'I give. Up there!', true)).toBeNull();
    expect(spoken('come on', '- Come.\n- On my way.')).toBeNull();
  });

  it('fills the placeholders someone, something and one’s', () => {
    expect(spoken("make up one's mind", 'Make up your mind!')).toBe('Make up your mind');
    expect(spoken('give someone a hand', 'Give me a hand here.')).toBe('Give me a hand');
    expect(spoken('keep something in mind', 'Keep that in mind.')).toBe('Keep that in mind');
  });

  it('matches contractions written either way', () => {
    expect(spoken("let's go", 'Let us go now.')).toBe('Let us go');
    expect(spoken("what's up", 'What is up with you?')).toBe('What is up');
    expect(spoken('come on', "C'mon, hurry!")).toBe("C'mon");
  });

  it('marks a match exact only when every word is as written', () => {
    const exact = findPhrase(compilePhrase('give up'), tokenizeText('give up', 0).tokens)[0]!;
    const inflected = findPhrase(compilePhrase('give up'), tokenizeText('gave up', 0).tokens)[0]!;
    expect(exact.exact).toBe(true);
    expect(inflected.exact).toBe(false);
  });

  it('runs across consecutive cues unless the first ends a sentence', () => {
    const across = tokenizeCues(cuesOf("I'm not going to give", 'up now.'));
    expect(findPhrase(compilePhrase('give up'), across)).toHaveLength(1);
    const ended = tokenizeCues(cuesOf('I give.', 'Up there!'));
    expect(findPhrase(compilePhrase('give up'), ended)).toHaveLength(0);
  });

  it('refuses an expression that starts with a placeholder', () => {
    expect(() => compilePhrase('someone up')).toThrow(/must start with a word/);
  });
});
