// Seeded choices, so a trial's words are the same every run with the same seed, and k trials try different ones.
import { createHash } from 'node:crypto';

/**
 * One of `options` for trial `seed`: consecutive seeds take consecutive options from a starting point fixed by `key`,
 * so k trials use min(k, n) different paraphrases of each step.
 * @example choose(['确认', '好的'], 1, 'book-comfort-zh', 3) // the same answer every run
 */
export function choose<T>(options: readonly T[], seed: number, ...key: Array<string | number>): T {
  if (options.length === 0) throw new RangeError('nothing to choose from');
  const start = createHash('sha256').update(key.join('\u0000')).digest().readUInt32BE(0);
  return options[(start + seed) % options.length]!;
}
