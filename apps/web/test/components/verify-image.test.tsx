import '../support/dom.js';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { VerifyForm } from '../../src/features/verify/components/verify-form.js';
import { verifyStore } from '../../src/features/verify/verify-store.js';
import { fakeApi, json } from '../support/fake-api.js';

let api: ReturnType<typeof fakeApi> | undefined;
beforeEach(() => verifyStore.set((s) => ({ ...s, text: '', mode: 'url', autoDetected: false })));
afterEach(() => {
  cleanup();
  api?.restore();
});

const png = () =>
  new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], 'capture.png', {
    type: 'image/png',
  });
const textarea = () => screen.getByRole('textbox') as HTMLTextAreaElement;

test('a picked screenshot is read by the server and its text put in the box, editable, in text mode', async () => {
  api = fakeApi({
    'POST /v1/truth/ocr': () => json(200, { text: '정부가 전기요금을 15% 올린대요', confidence: 0.9, lines: [] }),
  });
  const { container } = render(<VerifyForm disabled={false} />);
  const file = container.querySelector('input[type="file"]') as HTMLInputElement;
  assert.equal(file.accept, 'image/png,image/jpeg,image/webp');
  fireEvent.change(file, { target: { files: [png()] } });
  await waitFor(() => assert.equal(textarea().value, '정부가 전기요금을 15% 올린대요'));
  assert.equal(verifyStore.get().mode, 'text');
  assert.match(screen.getByRole('status').textContent!, /고친 뒤 검증/);
  const sent = api.calls[0]!.body as { input_type: string; input_payload: string };
  assert.equal(sent.input_type, 'image');
  assert.match(sent.input_payload, /^data:image\/png;base64,iVBORw0KGgo/);
  assert.equal(textarea().disabled, false, 'the text can be corrected');
});

test("a pasted image is read too; the server's Korean refusal is shown", async () => {
  api = fakeApi({
    'POST /v1/truth/ocr': () =>
      json(400, {
        code: 'IMAGE_UNREADABLE',
        message: '이미지 파일이 손상되었거나 잘려 있어 읽지 못했습니다. 다시 캡처해 보내 주세요.',
      }),
  });
  render(<VerifyForm disabled={false} />);
  fireEvent.paste(textarea(), { clipboardData: { files: [png()] } });
  await waitFor(() => assert.match(screen.getByRole('status').textContent!, /손상되었거나 잘려/));
  assert.equal(textarea().value, '');
});

test('a file that is no image is refused without uploading it', async () => {
  api = fakeApi({});
  const { container } = render(<VerifyForm disabled={false} />);
  const gif = new File(['GIF89a'], 'x.gif', { type: 'image/gif' });
  fireEvent.change(container.querySelector('input[type="file"]')!, { target: { files: [gif] } });
  await waitFor(() => assert.match(screen.getByRole('status').textContent!, /PNG, JPEG, WebP/));
  assert.equal(api.calls.length, 0);
});
