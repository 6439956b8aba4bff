import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { finishCoach } from '../onboarding-store.js';

const STEPS = [
  {
    target: 'selector',
    title: '무엇을 확인할까요?',
    body: '문장을 확인하려면 ‘문장’, 기사를 확인하려면 ‘URL’을 고르세요. 주소를 붙여 넣으면 알아서 바꿔 드려요.',
  },
  {
    target: 'input',
    title: '여기에 붙여 넣으세요',
    body: '확인하고 싶은 문장이나 기사 주소를 넣으세요. × 버튼으로 한 번에 지울 수 있어요.',
  },
  {
    target: 'verify',
    title: '검증하기',
    body: '버튼을 누르면 근거를 찾는 과정이 단계별로 보이고, 끝나면 판정과 근거가 나와요.',
  },
] as const;

interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Three steps over the Verify screen (selector → input → verify), a cut-out around each. */
export function CoachOverlay() {
  const [step, setStep] = useState(0);
  const [rect, setRect] = useState<Rect>();
  const nextRef = useRef<HTMLButtonElement>(null);
  const s = STEPS[step]!;
  const last = step === STEPS.length - 1;

  useLayoutEffect(() => {
    const measure = () => {
      const el = document.querySelector(`[data-coach="${s.target}"]`);
      if (!el) return setRect(undefined);
      const r = el.getBoundingClientRect();
      setRect({ top: r.top - 6, left: r.left - 6, width: r.width + 12, height: r.height + 12 });
    };
    document.querySelector(`[data-coach="${s.target}"]`)?.scrollIntoView?.({ block: 'center' });
    measure();
    window.addEventListener('resize', measure);
    window.addEventListener('scroll', measure, true);
    return () => {
      window.removeEventListener('resize', measure);
      window.removeEventListener('scroll', measure, true);
    };
  }, [s.target]);

  useEffect(() => {
    nextRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && finishCoach();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);

  const below = rect ? rect.top + rect.height + 220 < window.innerHeight : true;
  const tipTop = rect ? (below ? rect.top + rect.height + 12 : Math.max(12, rect.top - 12)) : 120;
  return (
    <div
      className="coach"
      role="dialog"
      aria-modal="true"
      aria-labelledby="coach-title"
      aria-describedby="coach-body"
      data-testid="coach"
    >
      <div
        className="coach-hole"
        style={
          rect
            ? { top: rect.top, left: rect.left, width: rect.width, height: rect.height }
            : { top: '50%', left: '50%', width: 0, height: 0 }
        }
      />
      <div className="coach-tip card" style={{ top: tipTop, transform: below ? undefined : 'translateY(-100%)' }}>
        <div className="coach-head">
          <span className="muted small">
            {step + 1}/{STEPS.length}
          </span>
          <button type="button" className="icon-button" aria-label="도움말 닫기" onClick={finishCoach}>
            ×
          </button>
        </div>
        <h2 id="coach-title">{s.title}</h2>
        <p id="coach-body">{s.body}</p>
        <div className="actions">
          {step > 0 && (
            <button type="button" className="secondary" onClick={() => setStep(step - 1)}>
              이전
            </button>
          )}
          <button
            ref={nextRef}
            type="button"
            className="primary"
            onClick={() => (last ? finishCoach() : setStep(step + 1))}
          >
            {last ? '검증 시작하기' : '다음'}
          </button>
        </div>
      </div>
    </div>
  );
}
