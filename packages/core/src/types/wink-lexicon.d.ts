// wink-lexicon (CommonJS) ships no type declarations; these cover the WordNet tables LangFlix reads
// (packages/core/src/providers/lexicon/guard.ts).
declare module 'wink-lexicon/src/wn-words.js' {
  /** WordNet 3.0 lemma → its row in `wn-word-senses`. */
  const words: Record<string, number>;
  export default words;
}
declare module 'wink-lexicon/src/wn-word-senses.js' {
  /** Per lemma row: indices into `wn-senses` (its lexicographer classes). */
  const senses: number[][];
  export default senses;
}
declare module 'wink-lexicon/src/wn-senses.js' {
  /** WordNet lexicographer class names ("noun.artifact", "verb.motion" …). */
  const names: string[];
  export default names;
}
