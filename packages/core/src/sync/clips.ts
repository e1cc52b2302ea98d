/**
 * Study clips from the audio: after a report was made on synced cues, each occurrence of each expression
 * gets `clipStartMs`/`clipEndMs` — the speech detected inside its cue(s) — beside its cue times.
 */
import type { AnalysisReport, Cue, Warning } from '../schema.js';
import type { SyncResult } from './align.js';
import { syncCueTimes } from './retime.js';
import { snapToSpeech, type SpeechSpan } from './snap.js';

/**
 * The cues with their times corrected by `result` (new objects; text, index and line unchanged).
 */
export function syncCues(cues: readonly Cue[], result: Pick<SyncResult, 'offsetMs' | 'ratio' | 'splits'>): Cue[] {
  return cues.map((cue) => {
    const [startMs, endMs] = syncCueTimes(result, cue);
    return { ...cue, startMs, endMs };
  });
}

/**
 * Set `clipStartMs`/`clipEndMs`/`clipSource: 'audio'` on every occurrence of every expression of `report`
 * (whose times must already be media times) from the speech `spans`, and record `sync` on the report.
 * An occurrence with no speech detected inside its cues keeps no clip and adds a `clip-no-speech` warning.
 * Mutates and returns `report`.
 */
export function addSpeechClips(report: AnalysisReport, spans: readonly SpeechSpan[], sync: { media: string; result: SyncResult }): AnalysisReport {
  const { offsetMs, ratio, splits, confidence } = sync.result;
  report.sync = { media: sync.media, offsetMs, ratio, splits, confidence };
  const warnings: Warning[] = [];
  for (const expression of report.expressions) {
    for (const occurrence of [expression, ...expression.occurrences]) {
      const clip = snapToSpeech(spans, occurrence.cueStartMs, occurrence.cueEndMs);
      if (clip) {
        occurrence.clipStartMs = clip.clipStartMs;
        occurrence.clipEndMs = clip.clipEndMs;
        occurrence.clipSource = 'audio';
      } else if (occurrence !== expression) {
        warnings.push({ code: 'clip-no-speech', message: `"${expression.expression}" at cue ${occurrence.cueIndex}: no speech detected in its cue, no clip` });
      }
    }
  }
  report.warnings.push(...warnings);
  return report;
}
