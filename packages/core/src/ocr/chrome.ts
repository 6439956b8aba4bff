import { cleanText } from '@olala/contract';

/**
 * Screen furniture that is not what anybody claimed: the status bar (clock, battery, signal),
 * messenger marks (읽음, unread counts, times beside bubbles, date dividers), article meta
 * (입력/수정 times) and buttons. A line made only of such tokens is dropped; times and read
 * marks that OCR glued to the end of a bubble's line are cut off.
 */

const CLOCK = /^(?:(?:오전|오후|AM|PM)?\d{1,2}:\d{2}(?::\d{2})?(?:AM|PM)?|오전|오후|AM|PM)$/i;
const PERCENT = /^\d{1,3}%$/;
const COUNT = /^\d{1,3}$/;
const DATE_PART =
  /^(?:\d{2,4}[./-]\d{1,2}(?:[./-]\d{1,2})?\.?|\d{1,4}[년월일]|[월화수목금토일]요일|\([월화수목금토일]\))$/;
const LABELS = new Set([
  '읽음',
  '안읽음',
  '전송',
  '보내기',
  '확인',
  '취소',
  '답장',
  '공유',
  '공유하기',
  '더보기',
  '검색',
  '메뉴',
  '닫기',
  '뒤로',
  '좋아요',
  '댓글',
  '구독',
  '기사입력',
  '입력',
  '수정',
  '최종수정',
  '업데이트',
  '메시지',
  '메시지를',
  '입력하세요',
  '채팅',
  '카카오톡',
  '#',
  '+',
  'lte',
  'lte+',
  '5g',
  '4g',
  '3g',
  'wi-fi',
  'wifi',
  '|',
  '·',
  '<',
  '>',
  '...',
  '…',
  '=',
  '≡',
  'x',
  '×',
]);

const NETWORK = new Set(['lte', 'lte+', '5g', '4g', '3g', 'wi-fi', 'wifi']);

const isChromeToken = (token: string) => {
  const t = token.toLowerCase();
  return CLOCK.test(t) || PERCENT.test(t) || COUNT.test(t) || DATE_PART.test(t) || LABELS.has(t);
};

const WORDISH = /[\p{L}\p{N}]/gu;
/** Icon and border pieces OCR reads as punctuation at the ends of a line (opening quotes and brackets stay). */
const LEADING_JUNK = /^[^\p{L}\p{N}"'“‘([「『<《-]+/u;
const TRAILING_JUNK = /[\s_|~=—–·、,]+$/u;

/** A bubble's edge read as text: one letter many times over (되되되되, 2222222). */
const STUTTER = /(\D)\1{3,}|(\d)\2{6,}/u;

/** A read mark, unread count or time at the end of a bubble's line. */
const TRAILING_MARKS = /(?:\s+(?:\d{1,2}\s+)?(?:읽음|(?:오전|오후)\s*\d{1,2}:\d{2}|\d{1,2}:\d{2}))+$/;
/** An unread count or time before a bubble's line (one's own messages carry them on the left). */
const LEADING_MARKS = /^(?:(?:읽음|\d{1,2}|(?:오전|오후)\s*\d{1,2}:\d{2})\s+)+(?=\S)/;

/**
 * The line's content, or undefined when the line is only screen furniture. Marks are cut only
 * at the ends and only when something with a letter remains.
 */
export function contentOf(line: string): string | undefined {
  // The contract's control-character rule, as for typed text: OCR text is stored with the result.
  const text = cleanText(line).replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  const tokens = text.split(' ');
  if (tokens.every(isChromeToken)) return undefined;
  // A status bar whose clock OCR misread ("RF 341 LTE 87%"): a network or battery mark and no Hangul.
  if (!/\p{Script=Hangul}/u.test(text) && tokens.some((t) => PERCENT.test(t) || NETWORK.has(t.toLowerCase())))
    return undefined;
  const wordish = text.match(WORDISH)?.length ?? 0;
  // An icon or a border read as text: mostly symbols, or a lone Latin letter (a lone syllable is a wrapped word).
  if (wordish < text.replace(/\s/g, '').length / 2 || (wordish < 2 && !/\p{Script=Hangul}/u.test(text)))
    return undefined;
  const kept = tokens.filter((t) => !STUTTER.test(t)).join(' ');
  if (!/\p{L}|\p{N}/u.test(kept)) return undefined;
  const cut = kept
    .replace(TRAILING_MARKS, '')
    .replace(LEADING_MARKS, '')
    .replace(LEADING_JUNK, '')
    .replace(TRAILING_JUNK, '')
    .trim();
  return /\p{L}/u.test(cut) ? cut : kept;
}
