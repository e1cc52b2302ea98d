/** Option value checks shared by the commands; each throws a {@link CliError} naming the flag. */
import { CliError } from './_errors.js';

/**
 * Parses a flag's value as a positive integer (or 0 with `allowZero`).
 * @throws {CliError} naming the flag when the value is not one
 */
export function positiveInt(value: string, flag: string, options: { allowZero?: boolean } = {}): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < (options.allowZero ? 0 : 1)) {
    throw new CliError(`${flag}: expected ${options.allowZero ? 'a whole number ≥ 0' : 'a whole number ≥ 1'}, got "${value}"`);
  }
  return n;
}
