/** How the server stores a screenshot's input: its hash, never the image (security.md, Images). */
export const IMAGE_INPUT_PREFIX = 'image:sha256:';

/** Said in place of a screenshot's input when its text is not at hand (History rows). */
export const IMAGE_INPUT_LABEL = '사진에서 읽은 글';

/**
 * What a run's input is shown as: typed text and addresses as they are; a screenshot's run as
 * the text read from it, or "사진에서 읽은 글" — never `image:sha256:…`.
 */
export function shownInput(input: string, ocrText?: string): string;
export function shownInput(input: string | undefined, ocrText?: string): string | undefined;
export function shownInput(input: string | undefined, ocrText?: string): string | undefined {
  if (!input?.startsWith(IMAGE_INPUT_PREFIX)) return input;
  return ocrText?.trim() || IMAGE_INPUT_LABEL;
}
