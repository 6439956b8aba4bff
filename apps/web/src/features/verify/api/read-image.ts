import type { OcrView } from '@olala/contract/truth';
import { ApiError, send } from '../../../lib/api-client.js';
import { IMAGE_TYPES } from '../share-target.js';

export { IMAGE_TYPES };
/** The server's default byte limit; a larger file is refused here without uploading it. */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

function dataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new ApiError(0, 'IMAGE_UNREADABLE', '이미지 파일을 읽지 못했어요.'));
    reader.readAsDataURL(file);
  });
}

/**
 * Reads the text of a screenshot (`POST /v1/truth/ocr`: nothing is checked or stored), for the
 * user to correct before it is checked as text.
 */
export async function readImage(file: Blob, signal?: AbortSignal): Promise<OcrView> {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type))
    throw new ApiError(0, 'IMAGE_FORMAT', 'PNG, JPEG, WebP 이미지만 읽을 수 있어요.');
  if (file.size > MAX_IMAGE_BYTES)
    throw new ApiError(413, 'IMAGE_TOO_LARGE', '이미지가 너무 커요(최대 8MB). 확인할 부분만 잘라서 올려 주세요.');
  const res = await send('/v1/truth/ocr', {
    method: 'POST',
    body: { input_type: 'image', input_payload: await dataUrl(file) },
    signal,
  });
  return (await res.json()) as OcrView;
}
