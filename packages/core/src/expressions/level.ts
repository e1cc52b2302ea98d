/**
 * Learner levels: the words a user picks (beginner … mixed) or one CEFR level, mapped to the CEFR levels
 * of the expressions worth showing them. CEFR: Council of Europe, Common European Framework of Reference
 * for Languages (2001), levels A1–C2.
 */
import { CefrLevel, type LearnerLevel } from '../schema.js';

const ORDER = CefrLevel.options;

/** The learner levels accepted on the command line and in config. */
export const LEARNER_LEVELS: readonly LearnerLevel[] = ['beginner', 'intermediate', 'advanced', 'mixed', ...ORDER];

/**
 * The CEFR levels of expressions worth teaching a learner at `level`: a band a little above what they
 * know. `beginner` → A1–B1, `intermediate` → B1–C1, `advanced` → B2–C2, `mixed` → all, a CEFR level X →
 * one level below X to one above.
 */
export function targetLevels(level: LearnerLevel): readonly CefrLevel[] {
  switch (level) {
    case 'beginner':
      return ['A1', 'A2', 'B1'];
    case 'intermediate':
      return ['B1', 'B2', 'C1'];
    case 'advanced':
      return ['B2', 'C1', 'C2'];
    case 'mixed':
      return ORDER;
    default: {
      const at = ORDER.indexOf(level);
      return ORDER.slice(Math.max(0, at - 1), at + 2);
    }
  }
}

/** The learner's level in words, as a prompt describes it to a model. */
export function describeLevel(level: LearnerLevel): string {
  const band = targetLevels(level);
  const range = `${band[0]}–${band[band.length - 1]}`;
  switch (level) {
    case 'beginner':
      return `a beginner (CEFR A1–A2) who needs everyday expressions explained simply (teach ${range})`;
    case 'intermediate':
      return `an intermediate learner (CEFR B1–B2) who knows everyday English and is ready for common idioms and phrasal verbs (teach ${range})`;
    case 'advanced':
      return `an advanced learner (CEFR C1) who wants idiomatic, colloquial and nuanced expressions (teach ${range})`;
    case 'mixed':
      return 'learners of every level (CEFR A1–C2); label each expression with its level';
    default:
      return `a learner at CEFR ${level} (teach ${range})`;
  }
}
