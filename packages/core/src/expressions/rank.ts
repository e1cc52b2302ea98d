/**
 * Orders the report's entries by how much they are worth to this learner, and keeps the best
 * `maxExpressions`. The score is a weighted sum of four signals, each from 0 to 1, all derived from what
 * an entry already carries (its CEFR level, type and occurrences):
 *
 *   score = 0.40 · levelFit + 0.25 · typeValue + 0.15 · commonness + 0.20 · repetition
 *
 * rounded to four decimals, so that the order never hangs on floating-point noise. Equal scores fall
 * back to time order (cue index, start), then canonical form, then id: the same input always gives the
 * same order.
 */
import type { CefrLevel, Expression, ExpressionType, LearnerLevel } from '../schema.js';
import { CefrLevel as CefrLevels } from '../schema.js';
import { canonicalKey, compareStrings } from './dedupe.js';
import { targetLevels } from './level.js';

/** The weights of the ranking score; they add up to 1. */
export const RANK_WEIGHTS = { levelFit: 0.4, typeValue: 0.25, commonness: 0.15, repetition: 0.2 } as const;

/**
 * Worth of each kind of expression to a learner: those whose meaning cannot be guessed from their words
 * (idioms, phrasal verbs) first, since that is what a learner cannot look up word by word; slang and
 * proverbs next; collocations are half-transparent; `other` last. The project's judgment.
 */
export const TYPE_VALUE: Readonly<Record<ExpressionType, number>> = {
  idiom: 1,
  phrasal_verb: 0.9,
  slang: 0.75,
  proverb: 0.7,
  collocation: 0.6,
  other: 0.4,
};

/**
 * How common an expression is in English, read from its CEFR level as a proxy: expressions that learners
 * are expected to know earlier are on the whole the more frequent ones (the English Vocabulary Profile
 * sets levels from learner-corpus evidence), and a common expression is more useful to learn first.
 * An entry without a level counts as 0.5. A frequency list was not used: word lists rank single words,
 * and say little about a multi-word expression.
 */
export const COMMONNESS: Readonly<Record<CefrLevel, number>> = { A1: 1, A2: 0.9, B1: 0.75, B2: 0.6, C1: 0.4, C2: 0.25 };

/** The four signals of an entry's score, each from 0 to 1. */
export interface RankSignals {
  /**
   * 1 when the entry's CEFR level is in the learner's target band (`targetLevels`), 0.5 one level
   * outside it, 0.2 two levels outside, 0 further; 0.5 without a level.
   */
  readonly levelFit: number;
  /** {@link TYPE_VALUE} of the entry's type. */
  readonly typeValue: number;
  /** {@link COMMONNESS} of the entry's level. */
  readonly commonness: number;
  /**
   * Occurrences in the film, with diminishing returns: log2(1 + n) / log2(5), at most 1 (one occurrence
   * 0.43, two 0.68, three 0.86, four or more 1). A phrase heard again is reinforced, and a learner who
   * misses it once can catch it later.
   */
  readonly repetition: number;
}

const LEVELS = CefrLevels.options;

/** The signals of one entry for a learner at `level`. */
export function rankSignals(entry: Expression, level: LearnerLevel): RankSignals {
  const band = targetLevels(level);
  let levelFit = 0.5;
  if (entry.level) {
    const at = LEVELS.indexOf(entry.level);
    const lo = LEVELS.indexOf(band[0]!);
    const hi = LEVELS.indexOf(band[band.length - 1]!);
    const outside = at < lo ? lo - at : at > hi ? at - hi : 0;
    levelFit = [1, 0.5, 0.2][outside] ?? 0;
  }
  return {
    levelFit,
    typeValue: TYPE_VALUE[entry.type],
    commonness: entry.level ? COMMONNESS[entry.level] : 0.5,
    repetition: Math.min(1, Math.log2(1 + Math.max(1, entry.occurrences.length)) / Math.log2(5)),
  };
}

/** The ranking score of one entry (see the module comment), from 0 to 1, rounded to four decimals. */
export function rankScore(entry: Expression, level: LearnerLevel): number {
  const s = rankSignals(entry, level);
  const sum = RANK_WEIGHTS.levelFit * s.levelFit + RANK_WEIGHTS.typeValue * s.typeValue + RANK_WEIGHTS.commonness * s.commonness + RANK_WEIGHTS.repetition * s.repetition;
  return Math.round(sum * 10_000) / 10_000;
}

/** Options of {@link rankExpressions}. */
export interface RankOptions {
  /** The learner's level, for the level fit. */
  readonly level: LearnerLevel;
  /** Most entries kept, best first; 0 keeps all. */
  readonly maxExpressions: number;
}

/**
 * Scores every entry (setting `score`), orders them best first (ties in time order, then by canonical
 * form and id) and keeps the first `maxExpressions`. A limited report is always a prefix of the full one.
 * @param entries one entry per canonical expression (see `dedupeExpressions`)
 * @throws {RangeError} when `maxExpressions` is not a whole number ≥ 0
 */
export function rankExpressions(entries: readonly Expression[], options: RankOptions): Expression[] {
  if (!Number.isInteger(options.maxExpressions) || options.maxExpressions < 0) {
    throw new RangeError(`maxExpressions must be a non-negative integer, got ${options.maxExpressions}`);
  }
  const scored = entries.map((entry) => ({ ...entry, score: rankScore(entry, options.level) }));
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.cueIndex - b.cueIndex ||
      a.startMs - b.startMs ||
      compareStrings(canonicalKey(a.expression), canonicalKey(b.expression)) ||
      compareStrings(a.id, b.id),
  );
  return options.maxExpressions > 0 ? scored.slice(0, options.maxExpressions) : scored;
}
