// The evaluation's scenarios, validated once: Chinese and English travellers, each with the end state it must reach.
import { bookingEn } from './booking-en.ts';
import { bookingZh } from './booking-zh.ts';
import { defineScenarios, type Scenario } from './schema.ts';
import { serviceEn } from './service-en.ts';
import { serviceZh } from './service-zh.ts';

export * from './schema.ts';

/** Every scenario of the suite. */
export const scenarios: Scenario[] = defineScenarios([...bookingZh, ...serviceZh, ...bookingEn, ...serviceEn]);

/** A pattern of `--only`: an id, or a glob with `*` (e.g. `zh-book-*`). */
function matcher(pattern: string): (id: string) => boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (id) => re.test(id);
}

/**
 * The scenarios that `--only` (comma-separated ids or globs) and `--lang` select, in suite order. Throws when a
 * pattern matches nothing, so a typo is not a silently empty run.
 * @example select(scenarios, { only: 'zh-book-*,en-my-bookings', lang: 'zh' })
 */
export function select(all: readonly Scenario[], opts: { only?: string; lang?: 'zh' | 'en' }): Scenario[] {
  let out = [...all];
  if (opts.only) {
    const patterns = opts.only.split(',').map((p) => p.trim()).filter(Boolean);
    for (const p of patterns) if (!all.some((s) => matcher(p)(s.id))) throw new RangeError(`--only: no scenario matches "${p}"`);
    const tests = patterns.map(matcher);
    out = out.filter((s) => tests.some((t) => t(s.id)));
  }
  if (opts.lang) out = out.filter((s) => s.lang === opts.lang);
  return out;
}
