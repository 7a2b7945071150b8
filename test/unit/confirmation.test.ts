// The server's own reading of a yes: short, made only of yes-words, with no negation, change or question.
import { describe, expect, it } from 'vitest';
import { isAffirmative } from '../../flows/confirmation.ts';

describe('an unambiguous yes', () => {
  it.each(['确认', '好的订吧', '好的，订吧！', '没问题，确认', '没问题', '可以', '是的', 'yes', 'Yes, book it.', 'sure', 'ok', 'sounds good', '订', '好的，取消吧', '就这家', '就订这家'])('"%s" is a yes', (t) => {
    expect(isAffirmative(t)).toBe(true);
  });
  it.each(['不', '不要', '好的，不过换成后天', 'yes but change to friday', 'no', 'wait', '确认一下价格？', '帮我订一间大床房', 'I want to book the Hilton', '没有', '算了', ''])('"%s" is not', (t) => {
    expect(isAffirmative(t)).toBe(false);
  });
});
