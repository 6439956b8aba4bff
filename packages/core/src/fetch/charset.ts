import { TextDecoder } from 'node:util';

/**
 * Turns a page's bytes into text. Many Korean sites still serve EUC-KR (often labelled with
 * Microsoft's names for it), so the charset comes from the BOM, then the Content-Type header,
 * then a <meta> tag, as browsers do; UTF-8 when none says.
 */

/** Labels seen on Korean sites that WHATWG's TextDecoder does not know; its euc-kr is CP949. */
const ALIASES: Record<string, string> = {
  cp949: 'euc-kr',
  ms949: 'euc-kr',
  uhc: 'euc-kr',
  'x-windows-949': 'euc-kr',
  'windows-949': 'euc-kr',
};

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  const name = label.trim().toLowerCase();
  try {
    return new TextDecoder(ALIASES[name] ?? name);
  } catch {
    return undefined;
  }
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** Both `<meta charset="x">` and `<meta http-equiv="Content-Type" content="…; charset=x">`. */
function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}

/** The `charset` parameter of a Content-Type header value. */
export function headerCharset(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType ?? '')?.[1];
}

export function decodeBody(
  bytes: Uint8Array,
  contentType: string | undefined,
  isHtml: boolean,
): { text: string; charset: string } {
  const decoder =
    decoderFor(bomCharset(bytes)) ??
    decoderFor(headerCharset(contentType)) ??
    (isHtml ? decoderFor(metaCharset(bytes)) : undefined) ??
    new TextDecoder('utf-8');
  return { text: decoder.decode(bytes), charset: decoder.encoding };
}
