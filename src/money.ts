// Money is integer minor units (fen) and a currency; never floats.

/** An amount of money: `amount` in minor units (fen for CNY). */
export interface Money {
  amount: number;
  currency: 'CNY';
}

/** Wraps an integer amount of fen. */
export function cny(amount: number): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money must be whole fen, got ${amount}`);
  return { amount, currency: 'CNY' };
}

/** Whole yuan, as travellers say budgets, to fen. */
export function yuan(n: number): number {
  return Math.round(n * 100);
}

/** "¥1,234" or "¥1,234.50" for display. */
export function formatCny(m: Money | number): string {
  const fen = typeof m === 'number' ? m : m.amount;
  const whole = Math.trunc(fen / 100).toLocaleString('en-US');
  const cents = Math.abs(fen % 100);
  return `¥${whole}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}
