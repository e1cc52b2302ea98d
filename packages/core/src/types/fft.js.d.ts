// fft.js (CommonJS) ships no type declarations; these cover the calls LangFlix makes (packages/core/src/sync/align.ts).
declare module 'fft.js' {
  type Numbers = number[] | Float64Array;
  class FFT {
    /** `size`: a power of two > 1 (complex points). */
    constructor(size: number);
    /** A zeroed interleaved complex array of 2 × size numbers. */
    createComplexArray(): number[];
    /** Forward FFT of a real signal of `size` numbers into `out` (interleaved complex); fills the first half only. */
    realTransform(out: Numbers, data: Numbers): void;
    /** Mirror the first half of a real signal's spectrum into the second. */
    completeSpectrum(spectrum: Numbers): void;
    /** Inverse FFT (divided by size) of interleaved complex `data` into `out`. */
    inverseTransform(out: Numbers, data: Numbers): void;
  }
  export default FFT;
}
