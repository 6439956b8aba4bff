/**
 * Case particles as a cheap stand-in for grammatical roles. "A를 이어 B가 출범" and "B를 이어
 * A가 출범" share every word; only the particles tell who did what. A claim noun that carries
 * a different particle class in the evidence is a sign of swapped roles, so it blocks support.
 */
import { fold } from './terms.js';
import { textMemo } from './text-memo.js';

type Role = 'subject' | 'object' | 'genitive' | 'comitative' | 'comparative' | 'locative' | 'instrumental';

/**
 * Particle classes; topic and subject markers (은/는/이/가/도) are one class because Korean
 * paraphrases swap them freely. Longest first so 에서 wins over 에.
 */
const PARTICLES: [string, Role][] = (
  [
    ['에게서', 'locative'],
    ['에서는', 'locative'],
    ['에서', 'locative'],
    ['에게', 'locative'],
    ['한테', 'locative'],
    ['으로', 'instrumental'],
    ['께서', 'subject'],
    ['보다는', 'comparative'],
    ['보다', 'comparative'],
    ['하고', 'comitative'],
    ['이랑', 'comitative'],
    ['에는', 'locative'],
    ['에', 'locative'],
    ['로', 'instrumental'],
    ['은', 'subject'],
    ['는', 'subject'],
    ['이', 'subject'],
    ['가', 'subject'],
    ['도', 'subject'],
    ['을', 'object'],
    ['를', 'object'],
    ['의', 'genitive'],
    ['과', 'comitative'],
    ['와', 'comitative'],
    ['랑', 'comitative'],
  ] as [string, Role][]
).sort((a, b) => b[0].length - a[0].length);

function roleOf(suffix: string): Role | null {
  // The plural 들 sits between the noun and its particle (영웅들보다).
  const rest = suffix.startsWith('들') ? suffix.slice(1) : suffix;
  for (const [p, role] of PARTICLES) if (rest === p) return role;
  // A particle made a modifier by 의 keeps its own role: 터키와의 경기 is the match with 터키
  // (comitative), 서울에서의 생활 the life in 서울; "대한민국은 터키와의 …에서 승리했다" against
  // "터키는 대한민국과의 …에서 승리해" swaps who won.
  if (rest.length > 1 && rest.endsWith('의')) {
    const inner = rest.slice(0, -1);
    for (const [p, role] of PARTICLES) if (inner === p && role !== 'subject' && role !== 'object') return role;
  }
  return null;
}

/**
 * The text's words, each folded, for the texts read lately: every claim term's role is looked
 * up in the same claim and evidence sentences, and folding each word again was most of it.
 */
const foldedWords = textMemo(
  (text: string): readonly string[] => text.split(/[\s,.!?;:'"“”‘’()[\]·]+/).map(fold),
  1024,
);

/** The particle role of the first word of `text` that starts with `term`, or null. */
export function roleIn(text: string, term: string): Role | null | undefined {
  for (const w of foldedWords(text)) if (w.startsWith(term)) return roleOf(w.slice(term.length));
  return undefined;
}

/** Claim terms whose particle role differs between the claim and the evidence. */
export function roleChanges(claim: string, evidence: string, terms: readonly string[]): string[] {
  const out: string[] = [];
  for (const term of terms) {
    if (!/^[가-힣]{2,}$/.test(term)) continue;
    const a = roleIn(claim, term);
    const b = roleIn(evidence, term);
    if (a && b && a !== b) out.push(term);
  }
  return out;
}

/**
 * Whether the claim's subject (its first term marked 은/는/이/가) stands in the evidence with
 * another role: "적혈구는 … 할 수 있다" is not what "백혈구는 적혈구와 달리 … 할 수 있다" says.
 */
export function subjectRoleChanged(claim: string, evidence: string, terms: readonly string[]): boolean {
  const subject = terms.find((t) => /^[가-힣]{2,}$/.test(t) && roleIn(claim, t) === 'subject');
  if (!subject) return false;
  const roles = rolesIn(evidence, subject);
  return roles.length > 0 && roles.every((r) => r !== null && r !== 'subject' && r !== 'genitive');
}

function rolesIn(text: string, term: string): (Role | null)[] {
  return foldedWords(text)
    .filter((w) => w.startsWith(term))
    .map((w) => roleOf(w.slice(term.length)));
}
