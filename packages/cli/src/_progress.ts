/**
 * Progress of `langflix analyze` on stderr, from the scheduler's events:
 * - `bar` (stderr is a terminal): a live cli-progress bar per file — chunks done/total, failed, in flight,
 *   the concurrency limit, a 429 pause counting down, and the ETA — with messages printed above it;
 * - `lines` (not a terminal): plain log lines, one per finished chunk and one per notable event;
 * - `quiet` (`--quiet`): plain log lines for each file's end and for pauses, retries and failures only;
 * - `silent` (`--json`): no progress at all; only messages (failures, refusals, Ctrl-C) are printed.
 * Unknown events are ignored, so new scheduler events never break the display.
 */
import cliProgress from 'cli-progress';
import type { QuotaEstimate, SchedulerEvent } from '@langflix/core';

/** How progress is shown. */
export type ProgressMode = 'bar' | 'lines' | 'quiet' | 'silent';

/** A snapshot of one file's run. */
export interface ProgressState {
  readonly total: number;
  /** Chunks finished, ok or failed. */
  readonly done: number;
  readonly failed: number;
  readonly inFlight: number;
  /** The scheduler's current limit on requests in flight, once it has said one (adaptive mode). */
  readonly limit: number | null;
  /** Milliseconds until a 429 pause ends; 0 when not paused. */
  readonly pauseMs: number;
  /** Estimated milliseconds to the end, or null before the first chunk finishes. */
  readonly etaMs: number | null;
  /** The quotas the scheduler paces to, once it knows any (adaptive mode). */
  readonly quotas: readonly QuotaEstimate[];
}

/**
 * Follows one file's run from scheduler events. A chunk can finish more than once (a final retry after a
 * failure): its last outcome counts.
 */
export class ProgressTracker {
  private readonly outcomes = new Map<number, boolean>();
  private readonly running = new Set<number>();
  private inFlightReported: number | null = null;
  private limit: number | null = null;
  private pauseUntil = 0;
  private quotas: readonly QuotaEstimate[] = [];
  private readonly started: number;

  /** @param now the clock, in milliseconds (injected in tests) */
  constructor(
    readonly total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  /** Takes one event; returns false for an event it does not know (which is ignored). */
  apply(event: SchedulerEvent | { readonly type: string }): boolean {
    const e = event as SchedulerEvent;
    switch (e.type) {
      case 'start':
        this.running.add(e.id);
        this.inFlightReported = null;
        return true;
      case 'retry':
        this.running.delete(e.id);
        this.inFlightReported = null;
        if (e.error?.name === 'RateLimitError') this.pauseUntil = Math.max(this.pauseUntil, this.now() + e.delayMs);
        return true;
      case 'done':
        this.running.delete(e.id);
        this.inFlightReported = null;
        this.outcomes.set(e.id, e.ok);
        return true;
      case 'rateLimit':
        this.pauseUntil = Math.max(this.pauseUntil, this.now() + e.retryAfterMs);
        return true;
      case 'pause':
        this.pauseUntil = Math.max(this.pauseUntil, this.now() + pauseLength(e));
        return true;
      case 'limit':
        this.limit = e.limit;
        this.inFlightReported = e.inFlight;
        return true;
      case 'quota':
        this.quotas = e.quotas;
        return true;
      default:
        return false;
    }
  }

  /** The current state. */
  state(): ProgressState {
    const now = this.now();
    const done = this.outcomes.size;
    let failed = 0;
    for (const ok of this.outcomes.values()) if (!ok) failed++;
    const pauseMs = Math.max(0, this.pauseUntil - now);
    const elapsed = now - this.started;
    const etaMs = done === 0 ? null : done >= this.total ? 0 : Math.round((elapsed / done) * (this.total - done)) + pauseMs;
    return { total: this.total, done, failed, inFlight: this.inFlightReported ?? this.running.size, limit: this.limit, pauseMs, etaMs, quotas: this.quotas };
  }
}

/** How long a `pause` event pauses, in milliseconds: its `resumeInMs`, else its `untilMs` read as wall-clock time. */
export function pauseLength(event: { readonly resumeInMs?: number; readonly untilMs?: number }): number {
  if (typeof event.resumeInMs === 'number') return Math.max(0, event.resumeInMs);
  if (typeof event.untilMs === 'number') return Math.max(0, event.untilMs - Date.now());
  return 0;
}

/** `1h02m`, `3m05s`, `12s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * A quota as the progress line says it: `quota 10 req/10s (learned)`, or for a token quota
 * `quota 250k tokens/1m (stated), ~1.2k tokens/chunk` — the pacing by estimated tokens the user should know of.
 */
export function describeQuota(q: QuotaEstimate): string {
  const amount = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n)));
  const window = q.windowMs % 60_000 === 0 ? `${q.windowMs / 60_000}m` : `${Math.round(q.windowMs / 100) / 10}s`;
  const base = `quota ${amount(q.limit)} ${q.unit === 'tokens' ? 'tokens' : 'req'}/${window} (${q.source})`;
  return q.unit === 'tokens' && q.tokensPerRequest !== undefined ? `${base}, ~${amount(q.tokensPerRequest)} tokens/chunk` : base;
}

/** The state as one line: `12/40 chunks · 1 failed · 3 in flight · limit 4 · quota 10 req/10s (learned) · 429 pause 9s · ETA 1m10s`. */
export function describeState(s: ProgressState): string {
  const parts = [`${s.done}/${s.total} chunks`];
  if (s.failed) parts.push(`${s.failed} failed`);
  parts.push(`${s.inFlight} in flight`);
  if (s.limit !== null) parts.push(`limit ${s.limit}`);
  for (const q of s.quotas ?? []) parts.push(describeQuota(q));
  if (s.pauseMs > 0) parts.push(`429 pause ${formatDuration(s.pauseMs)}`);
  parts.push(`ETA ${s.etaMs === null ? '–' : formatDuration(s.etaMs)}`);
  return parts.join(' · ');
}

/** The progress display of a run over one or more files. */
export interface Progress {
  /** A file's analysis starts; `total` is its number of chunks. */
  startFile(name: string, total: number): void;
  /** A scheduler event of the current file. */
  event(event: SchedulerEvent | { readonly type: string }): void;
  /**
   * Erases the current file's bar and stops its redraws, so the report can be written to stdout on the same
   * terminal without meeting a bar (call it before that write); `endFile` then prints the summary. No-op
   * when no bar is shown.
   */
  clear(): void;
  /** The current file is done; `summary` is its one-line result. */
  endFile(summary: string): void;
  /** A message for the user, printed above the bar (or as a line). */
  log(line: string): void;
  /** Stops the display (restores the cursor). Idempotent. */
  stop(): void;
}

/**
 * Creates the display.
 * @param stream where it writes (stderr)
 */
export function createProgress(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (mode === 'bar') return createBar(stream);
  if (mode === 'silent') return { startFile() {}, event() {}, clear() {}, endFile() {}, log: (line) => void stream.write(`${line}\n`), stop() {} };
  return createLines(stream, mode === 'quiet');
}

function createLines(stream: NodeJS.WritableStream, quiet: boolean): Progress {
  let name = '';
  let tracker: ProgressTracker | null = null;
  let lastLimit: number | null = null;
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    startFile(file, total) {
      name = file;
      tracker = new ProgressTracker(total);
      lastLimit = null;
      if (!quiet) write(`${name}: ${total} chunk${total === 1 ? '' : 's'}`);
    },
    event(event) {
      if (!tracker || !tracker.apply(event)) return;
      const e = event as SchedulerEvent;
      if (e.type === 'done' && !quiet) write(`${name}: ${describeState(tracker.state())}`);
      else if (e.type === 'rateLimit') write(`${name}: 429 (${e.scope} quota) on chunk ${e.id}${e.scope === 'minute' ? `: pausing ${formatDuration(e.retryAfterMs)}` : ''}`);
      else if (e.type === 'pause') write(`${name}: every request paused for ${formatDuration(pauseLength(e))} after a 429`);
      else if (e.type === 'retry' && e.error?.name !== 'RateLimitError') write(`${name}: chunk ${e.id}: attempt ${e.attempt} failed (${e.error?.message ?? 'error'}); retrying in ${formatDuration(e.delayMs)}`);
      else if (e.type === 'quota') write(`${name}: pacing to ${e.quotas.map(describeQuota).join(' and ')}`);
      else if (e.type === 'limit' && e.limit !== lastLimit && !quiet) {
        write(`${name}: limit ${e.limit} requests in flight`);
        lastLimit = e.limit;
      }
    },
    clear() {},
    endFile(summary) {
      write(`${name}: ${summary}`);
      tracker = null;
    },
    log: write,
    stop() {},
  };
}

function createBar(stream: NodeJS.WriteStream): Progress {
  const options: cliProgress.Options = {
    stream,
    format: '{file} {bar} {state}',
    barsize: 20,
    hideCursor: true,
    clearOnComplete: true,
    stopOnComplete: false,
    gracefulExit: false,
    autopadding: true,
    fps: 10,
  };
  // One MultiBar per file (for its `log`, which prints above the bar), stopped when the file ends, so no
  // redraw timer outlives the file and lines written between files never meet a bar.
  let multi: cliProgress.MultiBar | null = null;
  let bar: cliProgress.SingleBar | null = null;
  let tracker: ProgressTracker | null = null;
  let name = '';
  const refresh = () => {
    if (!bar || !tracker) return;
    bar.update(tracker.state().done, { file: name, state: describeState(tracker.state()) });
  };
  // Stops the bar (its redraw timer too: cli-progress draws synchronously) and erases it (clearOnComplete);
  // from then on `refresh` does nothing, so nothing is drawn over what stdout writes next.
  const close = () => {
    if (!multi) return;
    refresh();
    multi.update(); // flushes the lines logged since the last redraw
    multi.stop();
    multi = null;
    bar = null;
  };
  // The pause countdown and the ETA move without events.
  const timer = setInterval(refresh, 250);
  timer.unref();
  return {
    startFile(file, total) {
      close();
      name = file;
      tracker = new ProgressTracker(total);
      multi = new cliProgress.MultiBar(options, cliProgress.Presets.shades_classic);
      bar = multi.create(Math.max(total, 1), 0, { file: name, state: describeState(tracker.state()) });
    },
    event(event) {
      if (tracker?.apply(event)) refresh();
    },
    clear: close,
    endFile(summary) {
      close();
      tracker = null;
      stream.write(`${name}: ${summary}\n`);
    },
    log(line) {
      if (multi) multi.log(`${line}\n`);
      else stream.write(`${line}\n`);
    },
    stop() {
      clearInterval(timer);
      close();
    },
  };
}
