import { env } from '../../../config/env.js';
import { useIdentity } from '../../../lib/auth.js';
import { linkHandler } from '../../../lib/router.js';
import { useStore } from '../../../lib/store.js';
import { LICENCES } from '../licences.js';
import { settingsStore, updateSettings, type TextSize, type Theme } from '../settings-store.js';

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: '시스템 설정' },
  { value: 'light', label: '밝게' },
  { value: 'dark', label: '어둡게' },
];
const SIZES: { value: TextSize; label: string }[] = [
  { value: 'small', label: '작게' },
  { value: 'normal', label: '보통' },
  { value: 'large', label: '크게' },
];

function Choice<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: { value: T; label: string }[];
  value: T;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="card choice">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="choice-option">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function SettingsPage({ onShowOnboarding, profileHref }: { onShowOnboarding: () => void; profileHref: string }) {
  const settings = useStore(settingsStore);
  const identity = useIdentity();
  const account = identity?.user.kind === 'account';
  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title" className="page-title">
        설정
      </h1>
      <Choice
        legend="화면 모드"
        name="theme"
        options={THEMES}
        value={settings.theme}
        onChange={(theme) => updateSettings({ theme })}
      />
      <Choice
        legend="글자 크기"
        name="text-size"
        options={SIZES}
        value={settings.textSize}
        onChange={(textSize) => updateSettings({ textSize })}
      />
      <section className="card">
        <h2>정보</h2>
        <p>
          OLaLA는 문장이나 기사 URL을 넣으면 위키백과와 뉴스에서 근거를 찾아 사실 여부를 판정해 주는 가짜뉴스 검증
          서비스예요.
        </p>
        <dl className="about">
          <dt>버전</dt>
          <dd>
            {env.version} ({env.profile})
          </dd>
          <dt>{account ? '계정' : '익명 사용자'}</dt>
          <dd>{identity ? identity.user.nickname : '아직 없음 (첫 검증 때 만들어져요)'}</dd>
        </dl>
        <p className="muted small">
          {account
            ? '기록과 북마크가 계정에 저장돼요. 다른 기기에서 로그인해도 이어서 볼 수 있어요.'
            : '로그인 없이 이 기기에 발급된 익명 사용자로 기록과 북마크를 저장해요. 로그인하면 계정으로 옮겨져요.'}{' '}
          <a href={profileHref} onClick={linkHandler(profileHref)}>
            프로필과 계정
          </a>
        </p>
        <button type="button" className="secondary" onClick={onShowOnboarding}>
          소개 다시 보기
        </button>
      </section>
      <section className="card">
        <h2>오픈소스 라이선스</h2>
        <ul className="licences">
          {LICENCES.map((l) => (
            <li key={l.name}>
              <strong>{l.name}</strong> — {l.licence}
              {l.note && <span className="muted small"> · {l.note}</span>}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
