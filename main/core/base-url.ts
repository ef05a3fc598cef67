import { ValidationError } from './errors';

const EXAMPLE = 'https://open-api.tiktokglobalshop.com';

/**
 * Whether a host names this machine: localhost, 127.0.0.0/8 or ::1. Takes URL.hostname
 * or URL.host (a port is ignored, IPv6 bare or in brackets), and knows the IPv4-mapped
 * form WHATWG URL normalises 127.x to (::ffff:7f00:1). Plain http is allowed only there:
 * nothing else can read the secrets on their way out.
 */
export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(lower);
  const h = bracketed?.[1] ?? (lower.split(':').length === 2 ? lower.replace(/:\d*$/, '') : lower);
  // Not *.localhost: those names go to the system resolver, which may answer with anything.
  if (h === 'localhost') return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h)) return true;
  const octets = h.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

function invalid(message: string, explanation: string, resolution: string): ValidationError {
  return new ValidationError(message, explanation, resolution);
}

/**
 * A profile's base URL: any https URL, or http on loopback (the sandbox, a local proxy).
 * A path prefix is kept (minus trailing slashes) so that a proxy mounted under a path
 * works; the API path is appended to it. The input is echoed only after parsing and
 * without userinfo, so a pasted credential never reaches an error message.
 */
export function parseBaseUrl(input: string): URL {
  const text = input.trim();
  if (text === '') {
    throw invalid('The base URL is empty.', 'Every profile needs the address of the API.', `Use ${EXAMPLE} for TikTok Shop production.`);
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw invalid(
      'The base URL has no scheme.',
      'A base URL starts with https:// (or http:// for an address on this machine).',
      `Write it in full, for example ${EXAMPLE}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(
      'The base URL is not a valid URL.',
      'It could not be parsed as an address (check for spaces, a stray character or a bad port).',
      `Write it in full, for example ${EXAMPLE}.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid(
      'The base URL must not contain a user name or password.',
      'Credentials written into a URL end up in logs and in the curl command shown to you. The API authenticates with the app key, the signature and the access token instead.',
      `Remove the "user:password@" part, e.g. ${url.protocol}//${url.host}.`,
    );
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw invalid(
        `The base URL ${shown} uses plain http on a remote host.`,
        'The access token travels in a request header: over plain http anyone on the network path could read it. Plain http is accepted only on this machine (localhost, 127.0.0.1, [::1]).',
        `Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}, or run the proxy on this machine.`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw invalid(
      `The base URL uses the unsupported scheme "${url.protocol}".`,
      'The API is reached over https (or http on this machine).',
      `Write it as https://..., for example ${EXAMPLE}.`,
    );
  }
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    throw invalid(
      `The base URL ${shown} carries a query or fragment.`,
      'The app builds the query itself (app_key, timestamp, sign); anything after "?" or "#" in the base URL would be lost or would break the signature.',
      'Remove everything from the "?" or "#" on.',
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url;
}
