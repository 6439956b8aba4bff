import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AdminIssue, CreateIssueRequest } from '@olala/contract/issues';
import { VerdictPill } from '../../../components/verdict-pill.js';
import { linkHandler } from '../../../lib/router.js';
import { formatDate } from '../../../lib/verdict.js';
import {
  createIssue,
  factCheckIssue,
  listIssues,
  publishIssue,
  unpublishIssue,
  updateIssue,
} from '../api/admin-issues.js';
import { messageOf } from '../../../lib/use-load.js';

const STATUS: Record<AdminIssue['status'], string> = { draft: '초안', scheduled: '예약', published: '게시됨' };

interface Draft {
  title: string;
  category: string;
  day: string;
  summary: string;
  content: string;
  sourceUrl: string;
  claim: string;
  publish: boolean;
}

const EMPTY: Draft = {
  title: '',
  category: '',
  day: '',
  summary: '',
  content: '',
  sourceUrl: '',
  claim: '',
  publish: false,
};

function draftOf(issue: AdminIssue): Draft {
  return {
    title: issue.title,
    category: issue.category,
    day: issue.day,
    summary: issue.summary,
    content: issue.content,
    sourceUrl: issue.sourceUrl ?? '',
    claim: issue.claim ?? '',
    publish: false,
  };
}

/** The form's fields as the API takes them: blanks left out (server defaults) or cleared (null). */
function bodyOf(d: Draft, editing: boolean): CreateIssueRequest {
  const body: CreateIssueRequest = { title: d.title.trim(), summary: d.summary, content: d.content };
  if (d.category.trim()) body.category = d.category.trim();
  if (d.day) body.day = d.day;
  if (d.sourceUrl.trim() || editing) body.sourceUrl = d.sourceUrl.trim() || null;
  if (d.claim.trim() || editing) body.claim = d.claim.trim() || null;
  if (!editing && d.publish) body.publish = true;
  return body;
}

function IssueForm({
  initial,
  editing,
  onDone,
  onCancel,
}: {
  initial: Draft;
  editing?: AdminIssue;
  onDone: (issue: AdminIssue) => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState(initial);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const title = useRef<HTMLInputElement>(null);
  useEffect(() => title.current?.focus(), []);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
    setD((prev) => ({ ...prev, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!d.title.trim()) {
      setError('제목을 입력해 주세요.');
      title.current?.focus();
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const body = bodyOf(d, editing !== undefined);
      onDone(editing ? await updateIssue(editing.id, body) : await createIssue(body));
    } catch (err) {
      setError(messageOf(err, '저장하지 못했어요.'));
    } finally {
      setSaving(false);
    }
  };

  const id = editing ? `issue-${editing.id}` : 'issue-new';
  return (
    <form
      className="card admin-form"
      onSubmit={(e) => void submit(e)}
      aria-label={editing ? '이슈 편집' : '새 이슈'}
      noValidate
    >
      <label htmlFor={`${id}-title`}>제목</label>
      <input
        ref={title}
        id={`${id}-title`}
        value={d.title}
        onChange={set('title')}
        maxLength={200}
        required
        aria-invalid={error === '제목을 입력해 주세요.' || undefined}
      />
      <label htmlFor={`${id}-category`}>분류</label>
      <input id={`${id}-category`} value={d.category} onChange={set('category')} maxLength={40} placeholder="일반" />
      <label htmlFor={`${id}-day`}>날짜 (한국)</label>
      <input id={`${id}-day`} type="date" value={d.day} onChange={set('day')} />
      <label htmlFor={`${id}-summary`}>요약</label>
      <textarea id={`${id}-summary`} value={d.summary} onChange={set('summary')} maxLength={1000} />
      <label htmlFor={`${id}-content`}>본문</label>
      <textarea id={`${id}-content`} value={d.content} onChange={set('content')} maxLength={50000} />
      <label htmlFor={`${id}-source`}>출처 URL</label>
      <input
        id={`${id}-source`}
        type="url"
        inputMode="url"
        value={d.sourceUrl}
        onChange={set('sourceUrl')}
        placeholder="https://"
      />
      <label htmlFor={`${id}-claim`}>팩트체크할 주장 (비우면 제목)</label>
      <input id={`${id}-claim`} value={d.claim} onChange={set('claim')} maxLength={2000} />
      {!editing && (
        <label className="field-inline" style={{ fontWeight: 400 }}>
          <input
            type="checkbox"
            checked={d.publish}
            onChange={(e) => setD((prev) => ({ ...prev, publish: e.target.checked }))}
            style={{ width: 'auto', minHeight: 0 }}
          />
          바로 게시하기
        </label>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? '저장하는 중…' : editing ? '저장' : '만들기'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          취소
        </button>
      </div>
    </form>
  );
}

/** 이슈: drafts, scheduled and published issues; create, edit, publish or unpublish, and attach a fact-check. */
export function IssuesPanel({ resultHref }: { resultHref: (id: string) => string }) {
  const [items, setItems] = useState<AdminIssue[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<string | 'new'>();
  const [busy, setBusy] = useState<string>();
  const [note, setNote] = useState<{ text: string; error?: boolean }>();

  const load = (before?: string) =>
    listIssues(before).then(
      (page) => {
        setItems((prev) => (before ? [...(prev ?? []), ...page.items] : page.items));
        setNext(page.next_before);
        setError(undefined);
      },
      (err: unknown) => setError(messageOf(err)),
    );
  useEffect(() => void load(), []);

  const replace = (issue: AdminIssue) => setItems((prev) => (prev ?? []).map((i) => (i.id === issue.id ? issue : i)));
  const act = async (issue: AdminIssue, what: string, fn: () => Promise<AdminIssue>, done: string) => {
    setBusy(`${issue.id}:${what}`);
    setNote(undefined);
    try {
      replace(await fn());
      setNote({ text: `“${issue.title}” ${done}` });
    } catch (err) {
      setNote({ text: messageOf(err, '처리하지 못했어요.'), error: true });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      {editing === 'new' ? (
        <IssueForm
          initial={EMPTY}
          onCancel={() => setEditing(undefined)}
          onDone={(issue) => {
            setItems((prev) => [issue, ...(prev ?? [])]);
            setEditing(undefined);
            setNote({ text: `“${issue.title}” 이슈를 만들었어요.` });
          }}
        />
      ) : (
        <div className="actions" style={{ marginTop: 0, marginBottom: '0.75rem' }}>
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            새 이슈
          </button>
        </div>
      )}
      <p role="status" className={note?.error ? 'error-text small' : 'muted small'}>
        {note?.text}
      </p>
      {error && (
        <p className="card error-text" role="alert">
          {error}
        </p>
      )}
      {!items && !error && (
        <p className="muted" role="status">
          불러오는 중…
        </p>
      )}
      {items?.length === 0 && <p className="muted empty">아직 이슈가 없어요.</p>}
      <ul className="admin-list" data-testid="issue-list">
        {items?.map((issue) =>
          editing === issue.id ? (
            <li key={issue.id}>
              <IssueForm
                initial={draftOf(issue)}
                editing={issue}
                onCancel={() => setEditing(undefined)}
                onDone={(saved) => {
                  replace(saved);
                  setEditing(undefined);
                  setNote({ text: `“${saved.title}” 이슈를 저장했어요.` });
                }}
              />
            </li>
          ) : (
            <li key={issue.id}>
              <p style={{ margin: 0 }}>
                <span className="admin-status">{STATUS[issue.status]}</span> <strong>{issue.title}</strong>
              </p>
              <div className="meta">
                <span>{issue.category}</span>
                <span>{issue.day}</span>
                {issue.publishedAt && <time dateTime={issue.publishedAt}>게시 {formatDate(issue.publishedAt)}</time>}
                <span>{issue.participantCount}명 참여</span>
              </div>
              {issue.analysis && (
                <p className="small" style={{ margin: '0.35rem 0 0' }}>
                  <VerdictPill label={issue.analysis.label} />{' '}
                  <a
                    href={resultHref(issue.analysis.analysisId)}
                    onClick={linkHandler(resultHref(issue.analysis.analysisId))}
                  >
                    {issue.analysis.headline || '팩트체크 결과'}
                  </a>
                </p>
              )}
              <div className="actions">
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setEditing(issue.id)}
                  aria-label={`${issue.title} 편집`}
                >
                  편집
                </button>
                {issue.status === 'draft' ? (
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy !== undefined}
                    onClick={() => void act(issue, 'publish', () => publishIssue(issue.id), '이슈를 게시했어요.')}
                    aria-label={`${issue.title} 게시`}
                  >
                    게시
                  </button>
                ) : (
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy !== undefined}
                    onClick={() =>
                      void act(issue, 'unpublish', () => unpublishIssue(issue.id), '이슈의 게시를 취소했어요.')
                    }
                    aria-label={`${issue.title} 게시 취소`}
                  >
                    게시 취소
                  </button>
                )}
                <button
                  type="button"
                  className="secondary"
                  disabled={busy !== undefined}
                  onClick={() => void act(issue, 'check', () => factCheckIssue(issue.id), '이슈를 팩트체크했어요.')}
                  aria-label={`${issue.title} 팩트체크`}
                >
                  {busy === `${issue.id}:check` ? '팩트체크 중…' : '팩트체크'}
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {next && (
        <button type="button" className="secondary wide" onClick={() => void load(next)}>
          더 보기
        </button>
      )}
    </>
  );
}
