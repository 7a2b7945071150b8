// One message under analysis: its normalised text and which characters each reader has explained.

/**
 * A message being read. Readers match against `text` (NFKC, original case) or `lower`, then `claim` the spans they
 * explain, so that later readers do not read the same characters again (a phone number is not a budget) and the
 * confidence can tell how much of the message was understood.
 */
export class Scan {
  /** NFKC-normalised text (full-width digits, letters and punctuation become ASCII): every index refers to it. */
  readonly text: string;
  /** `text` in lower case (same length: only ASCII letters change). */
  readonly lower: string;
  private readonly claimed: Uint8Array;

  constructor(raw: string) {
    this.text = normalise(raw.slice(0, MAX_CHARS));
    this.lower = this.text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
    this.claimed = new Uint8Array(this.text.length);
  }

  /** Marks `[start, end)` as explained. */
  claim(start: number, end: number): void {
    this.claimed.fill(1, Math.max(0, start), Math.min(this.text.length, end));
  }

  /** True when no character of `[start, end)` is claimed yet. */
  isFree(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.claimed[i]) return false;
    return true;
  }

  /** `lower` with claimed characters blanked out, so a reader cannot match across or inside them. */
  free(): string {
    let out = '';
    let from = 0;
    for (let i = 0; i < this.lower.length; i++) {
      if (this.claimed[i]) {
        out += this.lower.slice(from, i) + BLANK;
        from = i + 1;
      }
    }
    return out + this.lower.slice(from);
  }

  /**
   * Every match of `re` (which must be global) in the unclaimed text; each match is claimed unless `claim` is false.
   */
  *matches(re: RegExp, claim = true): Generator<RegExpExecArray> {
    const s = this.free();
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      if (claim) this.claim(m.index, m.index + m[0].length);
      yield m;
    }
  }

  /** The share of meaningful characters (letters, digits, Han) that some reader explained, 0..1. */
  coverage(): number {
    let meaningful = 0;
    let explained = 0;
    for (let i = 0; i < this.text.length; i++) {
      if (!MEANINGFUL.test(this.text[i]!)) continue;
      meaningful++;
      if (this.claimed[i]) explained++;
    }
    return meaningful === 0 ? 0 : explained / meaningful;
  }

  /** The count of meaningful characters not explained by any reader. */
  unexplained(): number {
    let n = 0;
    for (let i = 0; i < this.text.length; i++) if (!this.claimed[i] && MEANINGFUL.test(this.text[i]!)) n++;
    return n;
  }
}

/** Only the start of a very long message is read: a request fits in it, and reading stays fast whatever is sent. */
export const MAX_CHARS = 1000;

/** What a claimed character reads as: not a word character, not white space, not punctuation any pattern looks for. */
export const BLANK = '\u0001';

const MEANINGFUL = /[\p{L}\p{N}]/u;

/** NFKC keeps full-width forms from hiding digits and letters; one code unit per character is kept where it can be. */
function normalise(raw: string): string {
  let s = raw.normalize('NFKC');
  // Unify dashes and tildes so that patterns need one form; ASCII '-' and '~' stand for all of them.
  s = s.replace(/[‐‑‒–—―−－]/g, '-').replace(/[～〜]/g, '~');
  return s.replace(/\s+/g, ' ');
}
