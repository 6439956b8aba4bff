/**
 * Web Share Target: the installed app appears in the phone's share sheet (manifest
 * `share_target`). The share arrives as a multipart POST to `action`, which the service worker
 * answers (sw/sw.js, given these names at build time): it keeps the image and the text in the
 * `cache` under `imageKey`/`textKey` and sends the page to the verify screen with `?shared=1`,
 * where the form takes them once (takeShared) and reads the image like a picked file.
 */
/** What the server reads (PNG, JPEG, WebP; the server checks the bytes again). */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export const SHARE_TARGET = {
  action: '/share-target',
  accept: IMAGE_TYPES,
  /** The form field of the shared files (manifest `params.files[].name`). */
  fileField: 'image',
  textFields: ['title', 'text', 'url'],
  cache: 'olala-shared',
  imageKey: '/shared/image',
  textKey: '/shared/text',
  param: 'shared',
} as const;

export interface Shared {
  image?: Blob;
  text?: string;
}

/** What the service worker kept of the last share, removed as it is read: a share is handed over once. */
export async function takeShared(storage: CacheStorage | undefined = globalThis.caches): Promise<Shared> {
  if (!storage) return {};
  const cache = await storage.open(SHARE_TARGET.cache);
  const [image, text] = await Promise.all([cache.match(SHARE_TARGET.imageKey), cache.match(SHARE_TARGET.textKey)]);
  await storage.delete(SHARE_TARGET.cache);
  const shared: Shared = {};
  if (image) shared.image = new Blob([await image.arrayBuffer()], { type: image.headers.get('content-type') ?? '' });
  const words = text ? (await text.text()).trim() : '';
  if (words) shared.text = words;
  return shared;
}

/** Whether this page was opened by a share, and the address without the marker (to replace it). */
export function sharedLanding(href: string): { shared: boolean; clean: string } {
  const url = new URL(href);
  const shared = url.searchParams.has(SHARE_TARGET.param);
  url.searchParams.delete(SHARE_TARGET.param);
  return { shared, clean: url.pathname + url.search + url.hash };
}
