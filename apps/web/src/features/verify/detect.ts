/** A pasted or typed input that is a single web address (the URL mode's input). */
export function looksLikeUrl(text: string): boolean {
  const t = text.trim();
  if (!/^https?:\/\/\S+$/i.test(t)) return false;
  try {
    const u = new URL(t);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

export type Scope = 'claim' | 'article';

/** Sentences as a reader counts them: ended by . ! ? 。 or a line break, at least a few characters long. */
export function sentenceCount(text: string): number {
  return text.split(/(?<=[.!?。])\s+|\n+/).filter((s) => s.replace(/\s/g, '').length >= 5).length;
}

/**
 * Whether the input could be checked as a whole article: an address, a text of two sentences or
 * more, or the text read from a screenshot (a captured news page or a chat of several claims).
 */
export function offersArticle(mode: 'text' | 'url', text: string, fromImage: boolean): boolean {
  return mode === 'url' || fromImage || sentenceCount(text) >= 2;
}

/**
 * The scope the form starts from: an article's address or three sentences and more are checked
 * as an article (each claim on its own); anything shorter as one claim. The user's choice wins.
 */
export function defaultScope(mode: 'text' | 'url', text: string): Scope {
  return mode === 'url' || sentenceCount(text) >= 3 ? 'article' : 'claim';
}
