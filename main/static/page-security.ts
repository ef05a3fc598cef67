/**
 * The security headers both shells send with the renderer's files. The Content Security
 * Policy is the one the page declares in its own `<meta>`, so the header can never drift
 * from it; `frame-ancestors` is added because browsers ignore it inside a `<meta>`.
 */

/** Used only when the built page declares no policy of its own. */
const FALLBACK_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g;

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(ATTRIBUTE)) {
    const name = match[1];
    const value = match[2] ?? match[3] ?? match[4];
    if (name !== undefined && value !== undefined) found.set(name.toLowerCase(), decodeEntities(value));
  }
  return found;
}

/** The policy of the page's `<meta http-equiv="Content-Security-Policy">`, if it has one. */
export function metaContentSecurityPolicy(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attrs = attributes(tag);
    if (attrs.get('http-equiv')?.toLowerCase() === 'content-security-policy') {
      const content = attrs.get('content')?.trim();
      if (content) return content;
    }
  }
  return null;
}

/** The page's own policy, plus `frame-ancestors 'none'` so no other site can frame it. */
export function pageContentSecurityPolicy(html: string): string {
  const policy = (metaContentSecurityPolicy(html) ?? FALLBACK_POLICY).replace(/[\s;]+$/, '');
  return /(^|;)\s*frame-ancestors\b/i.test(policy) ? policy : `${policy}; frame-ancestors 'none'`;
}

/** Headers for every response that carries one of the renderer's files. */
export function pageSecurityHeaders(contentSecurityPolicy: string): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
