// Which prompt an evaluation ran: a short hash of the system prompt the flows render, and one of the tools' schemas.
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/index.ts';
import { createTools, createTexts, type FlowDeps } from '../../flows/index.ts';
import { toolSpecs } from '../../src/bot/index.ts';
import { EVAL_NOW } from './environment.ts';

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * The prompt version (the system prompt of both languages, as rendered at the evaluation's clock, hashed) and the
 * tools version (names, descriptions and argument schemas, hashed): two runs with the same versions asked the same.
 * @example const { prompt, tools } = await promptVersions(env.db, 'Asia/Shanghai');
 */
export async function promptVersions(db: Queryable, timeZone: string): Promise<{ prompt: string; tools: string }> {
  const texts = createTexts({ db, timeZone });
  const rendered = await Promise.all((['zh-CN', 'en'] as const).map((locale) =>
    texts.systemPrompt({ locale, tenantId: null, channel: 'app', now: new Date(EVAL_NOW) })));
  // The tools' specs do not depend on the services behind them.
  const specs = toolSpecs(createTools({ db, timeZone } as unknown as FlowDeps));
  return { prompt: short(rendered.join('\n---\n')), tools: short(JSON.stringify(specs)) };
}
