import { useState } from 'react';
import { finishOnboarding } from '../onboarding-store.js';

const SLIDES = [
  { title: 'OLaLA에 오신 걸 환영해요', body: '뉴스나 SNS에서 본 문장, 기사 주소를 넣으면 사실인지 확인해 드려요.' },
  {
    title: '근거와 함께 알려 드려요',
    body: '위키백과와 뉴스에서 근거를 찾고, 단계마다 어떻게 검증하는지 보여 드려요. 판정은 사실 · 거짓 · 일부 사실 · 판단 보류 중 하나예요.',
  },
  {
    title: '기록과 북마크',
    body: '검증한 결과는 히스토리에 남고, 중요한 결과는 북마크해 두고 이미지나 링크로 공유할 수 있어요. 로그인은 필요 없어요.',
  },
];

/** The first-run introduction: three short slides, skippable. */
export function Onboarding() {
  const [i, setI] = useState(0);
  const slide = SLIDES[i]!;
  const last = i === SLIDES.length - 1;
  return (
    <main className="onboarding" aria-labelledby="onboarding-title">
      <img src="/icon.svg" alt="" width={96} height={96} />
      <h1 id="onboarding-title">{slide.title}</h1>
      <p>{slide.body}</p>
      <p className="muted small" aria-live="polite">
        {i + 1} / {SLIDES.length}
      </p>
      <div className="actions">
        {!last && (
          <button type="button" className="secondary" onClick={finishOnboarding}>
            건너뛰기
          </button>
        )}
        <button type="button" className="primary" onClick={() => (last ? finishOnboarding() : setI(i + 1))}>
          {last ? '시작하기' : '다음'}
        </button>
      </div>
    </main>
  );
}
