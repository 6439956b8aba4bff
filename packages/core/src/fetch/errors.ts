/** What went wrong when fetching a URL on a user's behalf. */
export type FetchErrorCode =
  | 'BAD_URL'
  | 'BAD_SCHEME'
  | 'PRIVATE_ADDRESS'
  | 'TOO_LARGE'
  | 'BAD_CONTENT_TYPE'
  | 'TOO_MANY_REDIRECTS'
  | 'DNS'
  | 'TIMEOUT'
  | 'HTTP_STATUS'
  | 'NETWORK';

const DISPLAY: Record<FetchErrorCode, string> = {
  BAD_URL: '올바른 URL 형식이 아닙니다.',
  BAD_SCHEME: 'http 또는 https 주소만 확인할 수 있습니다.',
  PRIVATE_ADDRESS: '내부망이나 특수 목적 주소로 연결되는 URL은 가져올 수 없습니다.',
  TOO_LARGE: '페이지가 너무 커서 가져올 수 없습니다(최대 2MB).',
  BAD_CONTENT_TYPE: 'HTML 또는 텍스트 문서만 확인할 수 있습니다.',
  TOO_MANY_REDIRECTS: '리디렉션이 너무 많아 페이지를 가져올 수 없습니다.',
  DNS: '주소의 도메인을 찾을 수 없습니다. URL을 확인해 주세요.',
  TIMEOUT: '페이지를 가져오는 데 시간이 너무 오래 걸렸습니다. 잠시 후 다시 시도해 주세요.',
  HTTP_STATUS: '페이지를 가져오지 못했습니다. 주소가 맞는지 확인해 주세요.',
  NETWORK: '페이지에 연결하지 못했습니다. 잠시 후 다시 시도해 주세요.',
};

export abstract class FetchError extends Error {
  /** Korean, for the app user. `message` is English, for logs. */
  readonly display_message: string;
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.display_message = DISPLAY[code];
  }
}

/**
 * Refusals of the URL itself: the service will never fetch it (not a URL, not http(s), or an
 * address inside the network, also when a redirect leads there). The others happen after a
 * public site answered, so the page was looked at.
 */
const NEVER_FETCHED: ReadonlySet<FetchErrorCode> = new Set(['BAD_URL', 'BAD_SCHEME', 'PRIVATE_ADDRESS']);

/** Our policy refused the URL or its answer (scheme, address, size, type, redirects). */
export class FetchRefusedError extends FetchError {
  override name = 'FetchRefusedError';
  /** True when the URL itself is refused: nothing was (or will ever be) fetched from it. */
  get neverFetched(): boolean {
    return NEVER_FETCHED.has(this.code);
  }
}

/** The site could not be reached or answered with an error. */
export class FetchFailedError extends FetchError {
  override name = 'FetchFailedError';
  constructor(
    code: FetchErrorCode,
    message: string,
    url: string,
    readonly status?: number,
  ) {
    super(code, message, url);
  }
}
