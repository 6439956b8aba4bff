import { useRef, type KeyboardEvent } from 'react';
import { ApiError } from '../../../lib/api-client.js';
import { useIdentity } from '../../../lib/auth.js';
import { linkHandler } from '../../../lib/router.js';
import { messageOf, useLoad } from '../../../lib/use-load.js';
import { ADMIN_CSS } from '../admin-styles.js';
import { getMe } from '../api/get-me.js';
import { ChatPanel } from './chat-panel.js';
import { IssuesPanel } from './issues-panel.js';
import { RecentPanel } from './recent-panel.js';
import { StatsPanel } from './stats-panel.js';
import { WikiPanel } from './wiki-panel.js';

export const ADMIN_TABS = [
  { id: 'stats', label: '현황' },
  { id: 'recent', label: '최근 검증' },
  { id: 'wiki', label: '위키' },
  { id: 'issues', label: '이슈' },
  { id: 'chat', label: '채팅 관리' },
] as const;
export type AdminTab = (typeof ADMIN_TABS)[number]['id'];

export function tabOf(raw: string | null): AdminTab {
  return ADMIN_TABS.find((t) => t.id === raw)?.id ?? 'stats';
}

export const FORBIDDEN_TEXT = '관리자만 볼 수 있는 페이지예요.';

interface Props {
  tab: AdminTab;
  onTab: (tab: AdminTab) => void;
  resultHref: (analysisId: string) => string;
  loginHref: string;
}

function Forbidden({ loginHref, account }: { loginHref: string; account: boolean }) {
  return (
    <div className="page">
      <h1 className="page-title">관리</h1>
      <div className="card" role="alert">
        <p style={{ marginTop: 0 }}>
          <strong>403</strong> · {FORBIDDEN_TEXT}
        </p>
        <p className="muted small" style={{ marginBottom: 0 }}>
          {account ? '이 계정에는 관리자 권한이 없어요.' : '관리자 계정으로 로그인해 주세요.'}
        </p>
      </div>
      {!account && (
        <a className="button primary" href={loginHref} onClick={linkHandler(loginHref)}>
          로그인
        </a>
      )}
    </div>
  );
}

/**
 * `/admin`: the operators' dashboard, for admins only. The kept identity decides only what is
 * drawn first; the role is asked from the server (`GET /v1/me`) on opening, and every admin
 * route checks it again on its side.
 */
export function AdminPage({ tab, onTab, resultHref, loginHref }: Props) {
  const identity = useIdentity();
  const me = useLoad(
    (signal) => getMe(signal),
    identity?.token ?? '',
    (err) => messageOf(err, '권한을 확인하지 못했어요.'),
  );
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const refused = me.failure instanceof ApiError && (me.failure.status === 401 || me.failure.status === 403);
  if (refused || (me.data && me.data.role !== 'admin'))
    return <Forbidden loginHref={loginHref} account={identity?.user.kind === 'account'} />;
  if (me.error)
    return (
      <div className="page">
        <h1 className="page-title">관리</h1>
        <p className="card error-text" role="alert">
          {me.error}
        </p>
      </div>
    );
  if (!me.data)
    return (
      <div className="page">
        <h1 className="page-title">관리</h1>
        <p className="muted" role="status">
          권한을 확인하는 중…
        </p>
      </div>
    );

  // Arrow keys move between tabs (WAI-ARIA tabs pattern, automatic activation).
  const onKey = (e: KeyboardEvent) => {
    const i = ADMIN_TABS.findIndex((t) => t.id === tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const to =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? ADMIN_TABS.length - 1
          : step
            ? (i + step + ADMIN_TABS.length) % ADMIN_TABS.length
            : -1;
    if (to < 0) return;
    e.preventDefault();
    onTab(ADMIN_TABS[to]!.id);
    tabs.current[to]?.focus();
  };

  return (
    <div className="page admin-page">
      <style>{ADMIN_CSS}</style>
      <h1 className="page-title">관리</h1>
      <div className="admin-tabs" role="tablist" aria-label="관리 메뉴" onKeyDown={onKey}>
        {ADMIN_TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => void (tabs.current[i] = el)}
            type="button"
            role="tab"
            id={`admin-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`admin-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => onTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`admin-panel-${tab}`} aria-labelledby={`admin-tab-${tab}`} tabIndex={0}>
        <h2 className="sr-only">{ADMIN_TABS.find((t) => t.id === tab)!.label}</h2>
        {tab === 'stats' && <StatsPanel />}
        {tab === 'recent' && <RecentPanel resultHref={resultHref} />}
        {tab === 'wiki' && <WikiPanel />}
        {tab === 'issues' && <IssuesPanel resultHref={resultHref} />}
        {tab === 'chat' && <ChatPanel />}
      </section>
    </div>
  );
}
