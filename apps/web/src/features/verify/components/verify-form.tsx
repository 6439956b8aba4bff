import { useEffect, useId, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent } from 'react';
import type { ArticleCheckRequest } from '@olala/contract/articles';
import { ApiError } from '../../../lib/api-client.js';
import { IMAGE_TYPES, readImage } from '../api/read-image.js';
import { useStore } from '../../../lib/store.js';
import { defaultScope, looksLikeUrl, offersArticle, type Scope } from '../detect.js';
import { INPUT_LIMITS } from '../limits.js';
import { sharedLanding, takeShared } from '../share-target.js';
import { requestFor, startRun, verifyStore, type InputMode } from '../verify-store.js';
import { ImagePickerButton } from './image-picker-button.js';

const PLACEHOLDER: Record<InputMode, string> = {
  text: '확인하고 싶은 문장을 붙여 넣으세요.\n예: 화성은 태양계의 네 번째 행성이다.',
  url: '확인하고 싶은 기사의 주소(URL)를 붙여 넣으세요.\n예: https://news.example.com/article/123',
};

const SCOPE_TEXT: Record<Scope, string> = { claim: '한 문장만 확인', article: '전체 기사로 확인' };

/**
 * The input box. A single claim is checked here (`startRun`); an address or a longer text may
 * instead be checked as an article, each of its claims on its own, which the route hands to the
 * articles feature (`onArticle`). `onClaim` runs before a single check starts.
 */
export function VerifyForm({
  disabled,
  onArticle,
  onClaim,
}: {
  disabled: boolean;
  onArticle?: (request: ArticleCheckRequest) => void;
  onClaim?: () => void;
}) {
  const { mode, text, autoDetected, scope: chosen, fromImage } = useStore(verifyStore);
  const inputId = useId();
  const hintId = useId();
  const trimmed = text.trim();
  const urlInvalid = mode === 'url' && trimmed !== '' && !looksLikeUrl(trimmed);
  const canSubmit = !disabled && trimmed.length >= INPUT_LIMITS.min && !urlInvalid;
  const articleOffered = Boolean(onArticle) && trimmed !== '' && offersArticle(mode, trimmed, fromImage);
  const scope: Scope = articleOffered ? (chosen ?? defaultScope(mode, trimmed)) : 'claim';
  const setScope = (s: Scope) => verifyStore.set((st) => ({ ...st, scope: s }));

  const setMode = (m: InputMode) => verifyStore.set((s) => ({ ...s, mode: m, autoDetected: false }));
  const setText = (value: string) =>
    verifyStore.set((s) => {
      // A pasted address switches to URL mode by itself (and says so).
      if (s.mode === 'text' && looksLikeUrl(value)) return { ...s, text: value, mode: 'url', autoDetected: true };
      // An emptied box starts over: the next input decides its own scope.
      if (!value.trim()) return { ...s, text: value, scope: undefined, fromImage: false };
      return { ...s, text: value };
    });
  // A screenshot's text is read first and put in the box, to be corrected before it is checked.
  const [reading, setReading] = useState(false);
  const [imageNote, setImageNote] = useState('');
  // A phone's camera button: a touch screen is the sign (a desktop would only get a file dialog again).
  const [hasCamera] = useState(
    () => typeof window.matchMedia === 'function' && window.matchMedia('(pointer: coarse)').matches,
  );
  const readFile = async (file: Blob | undefined) => {
    if (!file || reading) return;
    setReading(true);
    setImageNote('이미지의 글자를 읽고 있어요…');
    try {
      const ocr = await readImage(file);
      verifyStore.set((s) => ({
        ...s,
        mode: 'text',
        autoDetected: false,
        scope: undefined,
        fromImage: Boolean(ocr.text.trim()),
        text: ocr.text.slice(0, INPUT_LIMITS.max),
      }));
      setImageNote(
        ocr.text
          ? onArticle
            ? '이미지에서 읽은 글자예요. 틀린 곳을 고친 뒤 한 문장만 확인할지, 전체를 기사로 확인할지 골라 검증하세요.'
            : '이미지에서 읽은 글자예요. 틀린 곳을 고친 뒤 검증하세요.'
          : '이미지에서 글자를 찾지 못했어요.',
      );
    } catch (err) {
      setImageNote(err instanceof ApiError ? err.message : '이미지를 읽지 못했어요.');
    } finally {
      setReading(false);
    }
  };
  // Opened from the share sheet: the service worker kept the image (or text) for this screen.
  const readShared = useRef(readFile);
  readShared.current = readFile;
  useEffect(() => {
    const landing = sharedLanding(window.location.href);
    if (!landing.shared) return;
    window.history.replaceState(window.history.state, '', landing.clean);
    void takeShared().then(
      ({ image, text }) => {
        if (image) void readShared.current(image);
        else if (text) setText(text.slice(0, INPUT_LIMITS.max));
        else setImageNote('공유한 내용을 받지 못했어요. 이미지를 직접 골라 주세요.');
      },
      () => setImageNote('공유한 내용을 받지 못했어요. 이미지를 직접 골라 주세요.'),
    );
    // Once, on arrival (readShared keeps the latest readFile).
  }, []);
  const imageOf = (items: FileList | null | undefined) =>
    [...(items ?? [])].find((f) => (IMAGE_TYPES as readonly string[]).includes(f.type));
  const onPaste = (e: ClipboardEvent) => {
    const file = imageOf(e.clipboardData.files);
    if (file) {
      e.preventDefault();
      void readFile(file);
    }
  };
  const onDrop = (e: DragEvent) => {
    const file = imageOf(e.dataTransfer.files);
    if (file) {
      e.preventDefault();
      void readFile(file);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit) return;
    if (scope === 'article' && onArticle) onArticle({ input_type: mode, input_payload: trimmed });
    else {
      onClaim?.();
      void startRun(requestFor(mode, text));
    }
  };

  return (
    <form
      className="verify-form"
      onSubmit={submit}
      aria-label="검증하기"
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <div className="segmented" role="radiogroup" aria-label="입력 종류" data-coach="selector">
        {(['text', 'url'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            className={mode === m ? 'active' : ''}
            onClick={() => setMode(m)}
            disabled={disabled}
          >
            {m === 'text' ? '문장' : 'URL'}
          </button>
        ))}
      </div>
      <div className="input-wrap" data-coach="input">
        <label htmlFor={inputId} className="sr-only">
          {mode === 'url' ? '기사 주소' : '검증할 문장'}
        </label>
        <textarea
          id={inputId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={PLACEHOLDER[mode]}
          maxLength={INPUT_LIMITS.max}
          rows={mode === 'url' ? 3 : 6}
          disabled={disabled}
          aria-describedby={hintId}
          inputMode={mode === 'url' ? 'url' : 'text'}
          onPaste={onPaste}
        />
        {text && !disabled && (
          <button type="button" className="clear" onClick={() => setText('')} aria-label="입력 지우기">
            ×
          </button>
        )}
      </div>
      <ImagePickerButton accept={IMAGE_TYPES.join(',')} disabled={disabled || reading} onFile={readFile}>
        {reading ? '글자 읽는 중…' : '캡처 이미지에서 글자 읽기'}
      </ImagePickerButton>
      {hasCamera && (
        <ImagePickerButton accept="image/*" capture="environment" disabled={disabled || reading} onFile={readFile}>
          카메라로 찍어 글자 읽기
        </ImagePickerButton>
      )}
      {imageNote && (
        <p className="muted small" role="status">
          {imageNote}
        </p>
      )}
      {articleOffered && (
        <div className="segmented scope" role="radiogroup" aria-label="확인 범위" data-testid="scope">
          {(['claim', 'article'] as const).map((s) => (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={scope === s}
              className={scope === s ? 'active' : ''}
              onClick={() => setScope(s)}
              disabled={disabled}
            >
              {SCOPE_TEXT[s]}
            </button>
          ))}
        </div>
      )}
      <p id={hintId} className="muted small hint" aria-live="polite">
        {urlInvalid
          ? 'http:// 또는 https://로 시작하는 주소를 넣어 주세요.'
          : autoDetected
            ? 'URL을 감지해 URL 모드로 바꿨어요.'
            : `${text.length.toLocaleString()} / ${INPUT_LIMITS.max.toLocaleString()}자`}
      </p>
      <button type="submit" className="primary big" disabled={!canSubmit} data-coach="verify">
        검증하기
      </button>
    </form>
  );
}
