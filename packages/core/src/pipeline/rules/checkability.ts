/**
 * Whether a text states something that evidence could confirm or refute. Used as a guard in
 * both the LLM and the no-LLM pipeline (REFUSED with a reason), so it errs towards "checkable":
 * only clear questions, opinions, predictions, abuse and fragments are refused. The rules read
 * the sentence-final predicate, where Korean marks mood, tense and modality.
 */
import { extractQuantities } from './numbers.js';
import { closesInRieul, contentTerms } from './terms.js';

export type RefusalReason = 'too_short' | 'question' | 'opinion' | 'prediction' | 'abusive';

export type Checkability = { checkable: true } | { checkable: false; reason: RefusalReason; message_ko: string };

const MESSAGES: Record<RefusalReason, string> = {
  too_short: '확인할 내용이 너무 짧습니다. 누가, 언제, 무엇을 했는지 담긴 문장으로 입력해 주세요.',
  question: '질문은 사실 여부를 판정할 수 없습니다. 확인하고 싶은 내용을 평서문 주장으로 입력해 주세요.',
  opinion: '개인의 의견이나 평가는 사실 여부를 판정할 수 없습니다.',
  prediction: '아직 일어나지 않은 미래의 일에 대한 예측은 사실 여부를 판정할 수 없습니다.',
  abusive: '욕설이나 혐오 표현이 포함된 내용은 검증하지 않습니다.',
};

/** Fewer letters and digits than this is a fragment, not a claim (김만석은 젊다 has 6). */
const MIN_CHARS = 5;
const MIN_TERMS = 2;

/**
 * A few unambiguous slurs and swear words. Kept short on purpose: the list only has to catch
 * plain abuse, and words with innocent meanings (새끼 = an animal's young) are left out.
 */
const ABUSIVE =
  /(씨발|시발놈|ㅅㅂ|병신|ㅂㅅ|좆|개새끼|개새|미친놈|미친년|지랄|느금마|니애미|한남충|김치녀|틀딱|급식충|짱깨|쪽바리|꺼져라)/;

/**
 * Interrogative endings on the final word (했나요, 일까, 인가, 습니까, 하니, 했냐), and
 * interrogative pronouns ending in an indirect question (누가 했는지).
 */
const QUESTION_ENDING =
  /(까요|나요|니까|는가|은가|인가|던가|을까|일까|할까|냐|냐고|했니|하니|되니|있니|없니|였니|었니|았니|는지요|은지요)$/;
const WH_WORD = /(^|\s)(누가|누구|언제|어디|어디서|왜|무엇|무슨|어떻게|어떤|몇|얼마|얼마나)(\s|[가-힣]{0,2}\s)/;
const INDIRECT_QUESTION = /(는지|은지|인지|을지|했는지|할지)$/;

/**
 * Modal and evaluative endings of opinions: hedged belief (것 같다, 생각한다), wishes and
 * obligations (해야 한다, 좋겠다, 바란다), and bare evaluation (최고다, 별로다, 재밌다).
 */
const OPINION_ENDING =
  /(것\s?같(다|아|아요|습니다|네요|음)|같아요|생각(한다|합니다|해요|해|함|된다|됩니다)|느낀다|느껴진다|느낌이다|좋겠다|좋겠습니다|좋겠어요|바란다|바랍니다|하자|합시다|싶다|싶습니다|싶어요)$/;
const EVALUATIVE_ENDING =
  /(최고(다|야|예요|입니다|임|!)?|최악(이다|이야|이에요|입니다|임)?|별로(다|야|예요|입니다|임)?|좋다|좋아|좋아요|좋네요|좋습니다|싫다|싫어|싫어요|싫습니다|재밌다|재밌어요|재미있다|재미있어요|재미없다|재미없어요|지루하다|지루해요|훌륭하다|훌륭합니다|멋지다|멋있다|아름답다|예쁘다|맛있다|맛있어요|맛없다|대박|짱|구리다|노잼|꿀잼|감동적이다|실망스럽다|실망스러웠다|만족스럽다|만족스러웠다|만족했다|아쉽다|아쉬웠다|불편했다|편했다|깨끗했다|더러웠다)$/;
/**
 * Obligations (…해야 한다) are opinions only when someone argues for them: in policy text
 * "신고는 1주일 전까지 해야 한다" states a rule, which is checkable.
 */
const OBLIGATION = /[가-힣]야\s?(한다|합니다|해요|함|된다)$/;
const ARGUED = /(^|\s)(우리는|우리가|나는|저는|내가|제가|마땅히|당연히|반드시|꼭)(\s|$)/;

/** Record-type evaluations are facts: 역대 최고, 사상 최악. */
const RECORD_CUE = /(역대|사상|史上|기록|통계|조사|집계)/;

/**
 * Future modality on the final predicate: -ㄹ 것이다, -겠다, forecasts (전망, 예상).
 * Attributed statements (…할 것이라고 밝혔다) and decided schedules (…할 예정이다,
 * …하기로 했다) are facts about what was said or decided, so they stay checkable.
 */
const PREDICTION_ENDING =
  /(겠다|겠습니다|겠어요|겠지|전망(이다|된다|입니다|됩니다)|예상(이다|된다|입니다|됩니다)|예측(된다|됩니다)|관측(이다|된다))$/;
/** -ㄹ 것이다: a modifier syllable closed by ㄹ (할, 될, 갈, 클) before 것이다. */
const FUTURE_THING = /([가-힣])\s?것(이다|입니다|이야|이에요|임)$/;

function futureModal(end: string): boolean {
  const m = FUTURE_THING.exec(end);
  if (!m) return false;
  return closesInRieul(m[1] as string);
}

const ATTRIBUTION = /(따르면|밝혔다|발표했다|말했다|전했다|주장했다|보도했다|예고했다|공시했다)/;

function finalPart(text: string): string {
  return text.trim().replace(/[\s.!。…~"'”’)\]]+$/, '');
}

/**
 * A sentence that ends as a question (…말이 되는가, 했나요): it asks, and states nothing. A
 * question mark alone may end a title quoted in it (…의 그룹 "난데?").
 */
export function endsAsQuestion(text: string): boolean {
  return QUESTION_ENDING.test(finalPart(text));
}

export function checkability(text: string): Checkability {
  const refuse = (reason: RefusalReason): Checkability => ({ checkable: false, reason, message_ko: MESSAGES[reason] });
  const trimmed = text.normalize('NFKC').trim();
  if (ABUSIVE.test(trimmed.replace(/\s+/g, ''))) return refuse('abusive');
  const letters = trimmed.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (letters < MIN_CHARS || contentTerms(trimmed).length < MIN_TERMS) return refuse('too_short');

  const end = finalPart(trimmed);
  if (/[?？]\s*["'”’)]*\s*$/.test(trimmed) || endsAsQuestion(trimmed)) return refuse('question');
  if (WH_WORD.test(` ${trimmed} `) && INDIRECT_QUESTION.test(end)) return refuse('question');

  if (OPINION_ENDING.test(end)) return refuse('opinion');
  if (OBLIGATION.test(end) && ARGUED.test(trimmed)) return refuse('opinion');
  if (EVALUATIVE_ENDING.test(end) && extractQuantities(trimmed).length === 0 && !RECORD_CUE.test(trimmed))
    return refuse('opinion');

  if ((PREDICTION_ENDING.test(end) || futureModal(end)) && !ATTRIBUTION.test(trimmed)) return refuse('prediction');
  return { checkable: true };
}
