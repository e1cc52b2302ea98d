// wink-lemmatizer (CommonJS) ships no type declarations; these cover the calls LangFlix makes.
declare module 'wink-lemmatizer' {
  interface WinkLemmatizer {
    /** Base form of an English verb (`gave` → `give`); the word itself when unknown. */
    verb(word: string): string;
    /** Singular of an English noun (`eyes` → `eye`); the word itself when unknown. */
    noun(word: string): string;
    /** Positive form of an English adjective (`better` → `good`). */
    adjective(word: string): string;
  }
  const lemmatizer: WinkLemmatizer;
  export default lemmatizer;
}
