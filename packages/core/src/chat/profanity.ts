import { Filter } from 'glin-profanity';

/**
 * The package's Korean dictionary matches inside words (Korean attaches particles and endings,
 * so word boundaries would miss `씨발놈아`), which also catches ordinary words that a news
 * discussion needs: `보지` is "to look" (보지 마세요), `미친 듯이` is "madly", and crimes must be
 * nameable. Those entries are left out; common spellings missing from the dictionary are added.
 */
const ALLOWED = ['보지', '미친', '강간', '섹스', '고자', '변태', '근친', '노모', '로리타', '창녀', '불알', '성기'];
const ADDED = ['시발', 'ㅅㅂ', 'ㅆㅂ', 'ㅂㅅ', 'ㅄ', '씨바', '씨빨', '병신', '좆까', '지랄'];
/** Ordinary words that contain a listed one (`시발점` is "starting point"). */
const INNOCENT = ['시발점', '시발역', '시발택시'];

const MASK = '*';

export interface ProfanityResult {
  /** The text with each match replaced by as many `*` as it has characters. */
  text: string;
  masked: boolean;
}

/**
 * Masks rather than refuses: a message with one bad word still says the rest, and nobody learns
 * the exact word list by trial. Only the masked text is stored.
 */
export class ProfanityFilter {
  private readonly filter = new Filter({
    languages: ['korean'],
    wordBoundaries: false,
    ignoreWords: ALLOWED,
    customWords: ADDED,
  });

  mask(input: string): ProfanityResult {
    const result = this.filter.checkProfanity(input);
    if (!result.containsProfanity) return { text: input, masked: false };
    // Longest first, so `씨발놈` is masked whole rather than leaving `놈` after `씨발`.
    const words = [...new Set(result.profaneWords)].sort((a, b) => b.length - a.length);
    const protectedSpans = spansOf(input, INNOCENT);
    let text = input;
    for (const word of words) {
      let from = 0;
      for (;;) {
        const at = text.indexOf(word, from);
        if (at < 0) break;
        from = at + word.length;
        if (protectedSpans.some(([s, e]) => at >= s && at < e)) continue;
        text = text.slice(0, at) + MASK.repeat(word.length) + text.slice(at + word.length);
      }
    }
    return { text, masked: text !== input };
  }
}

function spansOf(text: string, words: readonly string[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const w of words) {
    for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) spans.push([at, at + w.length]);
  }
  return spans;
}
