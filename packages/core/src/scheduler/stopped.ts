/** The error of tasks that never ran, or were cut short, because the run stopped (per-day quota, bad key). */
export class RunStoppedError extends Error {
  override readonly name = 'RunStoppedError';
}
