import { useEffect } from 'react';
import { VerdictPill } from '../../../components/verdict-pill.js';
import { ApiError } from '../../../lib/api-client.js';
import { messageOf, useLoad } from '../../../lib/use-load.js';
import { linkHandler } from '../../../lib/router.js';
import { formatDate, percent } from '../../../lib/verdict.js';
import { getIssue } from '../api/get-issue.js';

/** Only http(s) sources become links: an issue's URL is admin input, never a `javascript:` link. */
function safeSource(url: string | null): { href: string; host: string } | undefined {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  try {
    return { href: url, host: new URL(url).hostname };
  } catch {
    return undefined;
  }
}

/** `/issues/:id`: the issue as an article, its fact-check if it has one, and the way into its chat room. */
export function IssueArticle({
  issueId,
  chatHref,
  resultHref,
}: {
  issueId: string;
  chatHref: string;
  resultHref: (analysisId: string) => string;
}) {
  const loaded = useLoad(
    (signal) => getIssue(issueId, signal),
    issueId,
    (err) =>
      err instanceof ApiError && err.status === 404
        ? '이 이슈를 찾을 수 없어요.'
        : messageOf(err, '이슈를 불러오지 못했어요.'),
  );
  const { data: issue, error } = loaded;
  useEffect(() => {
    if (issue) document.title = `${issue.title} · OLaLA`;
  }, [issue]);

  if (error)
    return (
      <div className="page">
        <h1 className="page-title">오늘의 이슈</h1>
        <p className="card error-text" role="alert">
          {error}
        </p>
      </div>
    );
  if (!issue)
    return (
      <div className="page">
        <h1 className="sr-only">오늘의 이슈</h1>
        <p className="muted" role="status">
          이슈를 불러오는 중…
        </p>
      </div>
    );

  const source = safeSource(issue.sourceUrl);
  const check = issue.analysis;
  return (
    <article className="page issue-article" aria-labelledby="issue-title">
      <p className="issue-meta">
        <span className="source-tag">{issue.category}</span>
        <span className="muted small">
          <time dateTime={issue.publishedAt}>{formatDate(issue.publishedAt)}</time> · {issue.participantCount}명 참여
        </span>
      </p>
      <h1 id="issue-title" className="page-title">
        {issue.title}
      </h1>
      {issue.summary && <p className="issue-summary">{issue.summary}</p>}
      {check && (
        <section className="card issue-check" aria-labelledby="issue-check-title" data-testid="issue-fact-check">
          <h2 id="issue-check-title" className="section-title">
            올라의 팩트체크
          </h2>
          <p>
            <VerdictPill label={check.label} /> <span className="muted small">신뢰도 {percent(check.confidence)}</span>
          </p>
          <p>{check.headline}</p>
          <a href={resultHref(check.analysisId)} onClick={linkHandler(resultHref(check.analysisId))}>
            검증 결과 자세히 보기
          </a>
        </section>
      )}
      <div className="issue-content">
        {issue.content
          .split(/\n\s*\n/)
          .map((p) => p.trim())
          .filter(Boolean)
          .map((p, i) => (
            <p key={i}>{p}</p>
          ))}
      </div>
      {source && (
        <p className="small">
          출처:{' '}
          <a href={source.href} target="_blank" rel="noopener noreferrer">
            {source.host}
          </a>
        </p>
      )}
      <a className="button primary big" href={chatHref} onClick={linkHandler(chatHref)}>
        채팅방 들어가기
      </a>
    </article>
  );
}
