import type { Browser } from 'playwright-core';

/**
 * Screenshots made for OCR tests and the OCR benchmark: Korean text laid out as people capture
 * it (a messenger chat, a news article, the chat in dark mode, small print), rendered by Chromium
 * with the Noto CJK fonts. The gold is the content text, without the screen furniture.
 */
export type Layout = 'chat' | 'news' | 'dark' | 'small';
export const LAYOUTS: readonly Layout[] = ['chat', 'news', 'dark', 'small'];

export interface Sample {
  layout: Layout;
  /** What a reader would call the text of the capture, line by line. */
  gold: string;
  png: Buffer;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const CHAT_TITLE = '가족 단톡방';
const NEWS_SITE = '올라뉴스';

const STATUS_BAR = (fg: string) =>
  `<div style="display:flex;justify-content:space-between;padding:6px 16px;font-size:14px;color:${fg}"><span>오후 3:41</span><span>LTE 87%</span></div>`;

function chatHtml(messages: readonly string[], dark: boolean): string {
  const bg = dark ? '#1e1e1e' : '#b2c7d9';
  const fg = dark ? '#eeeeee' : '#111111';
  const theirs = dark ? '#3a3a3a' : '#ffffff';
  // KakaoTalk's dark theme keeps one's own bubbles yellow with dark text: both polarities in one capture.
  const mine = '#fee500';
  const bubbles = messages
    .map((m, i) => {
      const own = i % 2 === 1;
      const meta = `<span style="font-size:11px;color:${dark ? '#999' : '#555'};align-self:flex-end;margin:0 6px">${own ? '<span style="color:#e6b800">1</span> ' : ''}오후 3:${String(30 + i).padStart(2, '0')}</span>`;
      const bubble = `<div style="background:${own ? mine : theirs};color:${dark && !own ? '#eeeeee' : '#111'};padding:9px 12px;border-radius:14px;max-width:250px;font-size:16px;line-height:1.45">${esc(m)}</div>`;
      return `<div style="display:flex;justify-content:${own ? 'flex-end' : 'flex-start'};margin:10px 12px">${own ? meta + bubble : bubble + meta}</div>`;
    })
    .join('');
  return `<body style="margin:0;background:${bg};font-family:'Noto Sans CJK KR',sans-serif;width:390px">${STATUS_BAR(fg)}
    <div style="padding:8px 16px;font-size:17px;font-weight:bold;color:${fg}">${CHAT_TITLE}</div>
    ${bubbles}
    <div style="display:flex;gap:8px;padding:10px;background:${dark ? '#2a2a2a' : '#fff'};margin-top:14px"><div style="flex:1;color:#999;font-size:14px">메시지 입력</div><div style="color:${fg};font-size:14px">전송</div></div></body>`;
}

function newsHtml(title: string, paragraphs: readonly string[], fontPx: number): string {
  return `<body style="margin:0;background:#fff;font-family:'Noto Sans CJK KR',sans-serif;width:390px;color:#111">${STATUS_BAR('#111')}
    <div style="padding:8px 16px;border-bottom:1px solid #ddd;font-size:13px;color:#0a5">${NEWS_SITE}</div>
    <h1 style="font-size:${Math.round(fontPx * 1.45)}px;line-height:1.35;margin:14px 16px">${esc(title)}</h1>
    <div style="font-size:12px;color:#777;margin:0 16px 10px">입력 2024.03.05 14:22</div>
    ${paragraphs.map((p) => `<p style="font-size:${fontPx}px;line-height:1.6;margin:10px 16px">${esc(p)}</p>`).join('')}
    <div style="display:flex;justify-content:space-around;padding:10px;border-top:1px solid #ddd;font-size:13px;color:#555"><span>좋아요</span><span>댓글</span><span>공유</span></div></body>`;
}

/** Device pixels per CSS pixel: phones capture at 2–3×; `small` is a 1× capture of small print. */
const SCALE: Record<Layout, number> = { chat: 2, news: 2, dark: 2, small: 1 };

/** Renders one capture. `lines` are chat messages, or the title then paragraphs of an article. */
export async function renderSample(browser: Browser, layout: Layout, lines: readonly string[]): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: SCALE[layout] });
  try {
    const page = await context.newPage();
    const html =
      layout === 'chat' || layout === 'dark'
        ? chatHtml(lines, layout === 'dark')
        : newsHtml(lines[0]!, lines.slice(1), layout === 'small' ? 12 : 16);
    await page.setContent(`<!doctype html><html lang="ko"><head><meta charset="utf-8"></head>${html}</html>`);
    await page.evaluate('document.fonts.ready.then(() => true)');
    const png = await page.screenshot({ fullPage: true, type: 'png' });
    // The room's name and the site's name are text a reader sees: part of the gold.
    return {
      layout,
      gold: [layout === 'chat' || layout === 'dark' ? CHAT_TITLE : NEWS_SITE, ...lines].join('\n'),
      png,
    };
  } finally {
    await context.close();
  }
}

/** Claims and chatter of the kind that travels as screenshots (made up, in the sample wiki's topics where it matters). */
export const CHATS: readonly (readonly string[])[] = [
  ['화성은 태양계의 4번째 행성이다.', '진짜? 처음 알았네'],
  ['내일부터 지하철 요금이 전부 무료래', '어디서 들었어?', '뉴스에 나왔대 빨리 공유해'],
  ['정부가 다음 달부터 전기요금을 15% 올린대요', '헐 또 올라요?'],
  ['이 약 먹으면 감기가 하루 만에 낫는대', '약사한테 물어봐야지'],
  ['서울시가 3월부터 버스 노선 20개를 없앤다고 함', '출근 어떻게 하라고'],
  ['은행 점검으로 토요일 밤 11시부터 송금이 안 된대요', '미리 보내 놔야겠다'],
  ['수돗물에서 세균이 나왔다고 끓여 마시래', '아파트 방송에서도 그랬어'],
  ['올해 최저임금이 시간당 1만 2천 원으로 올랐대', '확정된 거야?'],
  ['태풍 때문에 내일 전국 학교가 휴교한대', '교육청 공지 봤어?', '아직 안 떴어'],
  ['백두산은 한반도에서 가장 높은 산이다', '그건 맞는 말 같은데'],
];

export const ARTICLES: readonly (readonly string[])[] = [
  [
    '정부, 다음 달부터 전기요금 인상',
    '산업통상자원부는 다음 달 1일부터 주택용 전기요금을 킬로와트시당 5원 올린다고 밝혔다.',
    '인상 폭은 가구당 월평균 1천 원 수준이다.',
  ],
  [
    '서울 지하철 심야 운행 재개',
    '서울시는 지하철 심야 운행을 이달 말부터 다시 시작한다고 5일 발표했다.',
    '운행 시간은 새벽 1시까지 연장된다.',
  ],
  [
    '화성 탐사선, 물의 흔적 발견',
    '화성은 태양계의 네 번째 행성으로, 탐사선이 얼음층 아래에서 물의 흔적을 찾았다.',
    '연구진은 추가 분석을 진행할 예정이다.',
  ],
  [
    '독감 환자 급증, 예방접종 당부',
    '질병관리청은 독감 의심 환자가 한 주 사이 두 배로 늘었다며 예방접종을 당부했다.',
    '특히 어린이와 노인은 접종을 서둘러야 한다.',
  ],
  [
    '국내 출생아 수 역대 최저',
    '통계청에 따르면 지난해 출생아 수는 23만 명으로 역대 가장 적었다.',
    '합계출산율은 0.72명을 기록했다.',
  ],
  [
    '고속도로 통행료 동결',
    '국토교통부는 올해 고속도로 통행료를 동결하기로 했다고 밝혔다.',
    '명절 기간에는 통행료가 면제된다.',
  ],
  [
    '기상청, 올여름 폭염 일수 늘 듯',
    '기상청은 올여름 폭염 일수가 평년보다 많을 것으로 전망했다.',
    '온열 질환에 주의가 필요하다.',
  ],
  [
    '한강 공원 야간 음주 금지 검토',
    '서울시는 한강 공원의 야간 음주를 제한하는 방안을 검토하고 있다고 밝혔다.',
    '시민 의견을 들은 뒤 결정할 계획이다.',
  ],
  [
    '대형마트 의무휴업 평일 전환',
    '일부 지방자치단체가 대형마트 의무휴업일을 일요일에서 평일로 바꿨다.',
    '소상공인 단체는 반발하고 있다.',
  ],
  [
    '우체국 택배 요금 인상',
    '우정사업본부는 다음 달부터 우체국 택배 요금을 평균 300원 올린다고 밝혔다.',
    '소포 요금도 함께 조정된다.',
  ],
];

/** Character error rate: edit distance over the gold's length, whitespace ignored (OCR spaces Hangul freely). */
export function cer(read: string, gold: string): number {
  const a = [...read.replace(/\s+/g, '')];
  const b = [...gold.replace(/\s+/g, '')];
  if (b.length === 0) return a.length === 0 ? 0 : 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]! / b.length;
}
