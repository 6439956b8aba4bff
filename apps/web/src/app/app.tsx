import { lazy, Suspense, useEffect, type AnchorHTMLAttributes } from 'react';
import { ClockIcon, PersonIcon, SearchIcon, StarIcon } from '../components/icons.js';
import { OfflineBanner } from '../components/offline-banner.js';
import { paths } from '../config/paths.js';
import { CoachOverlay } from '../features/onboarding/components/coach-overlay.js';
import { Onboarding } from '../features/onboarding/components/onboarding.js';
import { onboardingStore, requestCoach } from '../features/onboarding/onboarding-store.js';
import { useIdentity } from '../lib/auth.js';
import { linkHandler, match, navigate, useLocation } from '../lib/router.js';
import { useStore } from '../lib/store.js';
import { ErrorBoundary } from './error-boundary.js';
import VerifyRoute from './routes/verify.js';

// Verify is the first screen and comes in the main bundle; the others load when opened.
const HistoryRoute = lazy(() => import('./routes/history.js'));
const BookmarksRoute = lazy(() => import('./routes/bookmarks.js'));
const SettingsRoute = lazy(() => import('./routes/settings.js'));
const ResultRoute = lazy(() => import('./routes/result.js'));
const ArticleRoute = lazy(() => import('./routes/article.js'));
const WikiRoute = lazy(() => import('./routes/wiki.js'));
const IssueRoute = lazy(() => import('./routes/issue.js'));
const ChatRoute = lazy(() => import('./routes/chat.js'));
const LoginRoute = lazy(() => import('./routes/login.js'));
const ProfileRoute = lazy(() => import('./routes/profile.js'));
const AdminRoute = lazy(() => import('./routes/admin.js'));

const TABS = [
  { href: paths.history.href(), label: '히스토리', Icon: ClockIcon },
  { href: paths.verify.href(), label: '검증', Icon: SearchIcon },
  { href: paths.bookmarks.href(), label: '북마크', Icon: StarIcon },
] as const;

/** Screens outside the tabs with a fixed title (the issue and chat screens name their issue). */
const TITLES: Record<string, string> = {
  '/login': '로그인',
  '/register': '회원가입',
  '/profile': '프로필',
  '/settings': '설정',
  '/admin': '관리',
};

function Screen({ pathname, search }: { pathname: string; search: URLSearchParams }) {
  if (pathname === paths.verify.pattern) return <VerifyRoute />;
  if (match(paths.history.pattern, pathname)) return <HistoryRoute />;
  if (match(paths.bookmarks.pattern, pathname)) return <BookmarksRoute />;
  if (match(paths.settings.pattern, pathname)) return <SettingsRoute />;
  const result = match(paths.result.pattern, pathname);
  // Keyed by id: a new result is a new screen, never the previous one's state.
  if (result) return <ResultRoute key={result.id} id={result.id!} />;
  const article = match(paths.article.pattern, pathname);
  if (article) return <ArticleRoute key={article.id} id={article.id!} />;
  if (match(paths.login.pattern, pathname)) return <LoginRoute mode="login" search={search} />;
  if (match(paths.register.pattern, pathname)) return <LoginRoute mode="register" search={search} />;
  if (match(paths.profile.pattern, pathname)) return <ProfileRoute />;
  if (match(paths.admin.pattern, pathname)) return <AdminRoute search={search} />;
  const issue = match(paths.issue.pattern, pathname);
  if (issue) return <IssueRoute id={issue.id!} />;
  const chat = match(paths.chat.pattern, pathname);
  if (chat) return <ChatRoute issueId={chat.id!} />;
  const wiki = match(paths.wiki.pattern, pathname);
  if (wiki && /^\d+$/.test(wiki.pageId!)) return <WikiRoute pageId={wiki.pageId!} search={search} />;
  return (
    <div className="page">
      <h1 className="page-title">페이지를 찾을 수 없어요</h1>
      <a href="/" onClick={linkHandler('/')}>
        검증 화면으로
      </a>
    </div>
  );
}

/** A link of the top bar or the tab bar, marked as the page shown when it leads where the user is. */
function NavLink({
  href,
  pathname,
  ...rest
}: { href: string; pathname: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a href={href} onClick={linkHandler(href)} aria-current={pathname === href ? 'page' : undefined} {...rest} />;
}

export function App() {
  const { pathname, search } = useLocation();
  const { onboardingDone, coachDone, coachRequested } = useStore(onboardingStore);
  const shared =
    pathname.startsWith('/r/') ||
    pathname.startsWith('/articles/') ||
    pathname.startsWith('/wiki/') ||
    pathname.startsWith('/issues/');
  const onVerify = pathname === '/';
  const isAdmin = useIdentity()?.user.role === 'admin';

  useEffect(() => {
    const title = TABS.find((t) => t.href === pathname)?.label ?? TITLES[pathname];
    document.title = title ? `${title} · OLaLA` : 'OLaLA — 가짜뉴스 검증 서비스';
  }, [pathname]);

  // Someone opening a shared result sees it first; the introduction waits for the app's own tabs.
  if (!onboardingDone && !shared) return <Onboarding />;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        본문으로 건너뛰기
      </a>
      <header className="topbar">
        <a href="/" onClick={linkHandler('/')} className="brand" aria-label="OLaLA 처음 화면">
          <img src="/icon.svg" alt="" width={28} height={28} />
          OLaLA
        </a>
        <div className="topbar-actions">
          <button
            type="button"
            className="icon-button"
            aria-label="도움말"
            onClick={() => {
              navigate('/');
              requestCoach();
            }}
          >
            ?
          </button>
          {isAdmin && (
            <NavLink href={paths.admin.href()} pathname={pathname} className="icon-button small">
              관리
            </NavLink>
          )}
          <NavLink href={paths.profile.href()} pathname={pathname} className="icon-button" aria-label="프로필">
            <PersonIcon />
          </NavLink>
          <NavLink href={paths.settings.href()} pathname={pathname} className="icon-button" aria-label="설정">
            ⚙
          </NavLink>
        </div>
      </header>
      <OfflineBanner />
      <main id="main" className="main" tabIndex={-1}>
        <ErrorBoundary resetKey={pathname}>
          <Suspense fallback={<p className="muted page">불러오는 중…</p>}>
            <Screen pathname={pathname} search={search} />
          </Suspense>
        </ErrorBoundary>
      </main>
      <nav className="tabbar" aria-label="주 메뉴">
        {TABS.map((t) => (
          <NavLink key={t.href} href={t.href} pathname={pathname} className="tab" data-coach={`tab-${t.href}`}>
            <t.Icon />
            {t.label}
          </NavLink>
        ))}
      </nav>
      {onVerify && (!coachDone || coachRequested) && <CoachOverlay />}
    </div>
  );
}
