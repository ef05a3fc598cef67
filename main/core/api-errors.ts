import { ApiError } from './errors';

export interface ApiErrorHelp {
  readonly explanation: string;
  readonly resolution: string;
}

export interface ApiErrorInput {
  readonly code: string;
  /** The server's message, shown verbatim. */
  readonly message: string;
  readonly requestId: string;
  /** When the measured clock skew is large, its warning joins the resolution. */
  readonly clockSkewWarning?: string | null;
}

const WITH_REQUEST_ID = 'quote its request_id (shown with this error) to TikTok Shop partner support';

const INVALID_CREDENTIALS: ApiErrorHelp = {
  explanation: 'TikTok Shop rejected the credentials: the app key, the timestamp or the access token.',
  resolution:
    "Check the app key and access token in the profile belong to the same app, and that this computer's clock is synchronised.",
};

/** The codes PRODUCT.md names, from the API document and the public SDKs. */
export const KNOWN_API_ERRORS: Readonly<Record<string, ApiErrorHelp>> = {
  '98001001': {
    explanation: 'TikTok Shop had an internal error and could not look up the authorized shop.',
    resolution: `Try again in a moment. If it keeps happening, ${WITH_REQUEST_ID}.`,
  },
  '98001004': {
    explanation: 'A request parameter is not valid: app_key, timestamp, sign or version is missing or malformed.',
    resolution:
      'Check the profile: the app key exactly as shown in Partner Center, and the API version left empty unless you need one. Then try again.',
  },
  '13002013': {
    explanation: 'No seller matches this access token for this app: the token belongs to another app or shop, or to none.',
    resolution:
      "Use an access token issued to this app (same app key) through the shop's authorization, and store it in the profile.",
  },
  '106001': {
    explanation: 'The signature (sign) did not match what TikTok Shop computed: the app secret is wrong for this app key.',
    resolution:
      "Re-enter the app secret from Partner Center for this app key (no spaces around it). If a proxy sits in front of the API, it must forward the path and query unchanged.",
  },
  '36009004': INVALID_CREDENTIALS,
  '105002': {
    explanation: 'The access token has expired.',
    resolution: 'Refresh it with the refresh token (or authorize the shop again) and store the new access token in the profile.',
  },
  '36009002': {
    explanation: 'Too many requests: TikTok Shop is rate limiting this app.',
    resolution: 'Wait a little before asking again; a widget token stays valid for about 5 minutes, so reuse it meanwhile.',
  },
  '36009003': {
    explanation: 'TikTok Shop had an internal error.',
    resolution: `Try again in a moment. If it keeps happening, ${WITH_REQUEST_ID}.`,
  },
};

/**
 * 36009004 "invalid credentials": the server's message names the culprit, so the help
 * names the same one. The loose "token" match comes last so that a message about the
 * app key or the timestamp is not taken for one about the access token.
 */
function invalidCredentialsHelp(message: string): ApiErrorHelp {
  const m = message.toLowerCase();
  if (/app[_ ]?key/.test(m)) {
    return {
      explanation: 'TikTok Shop does not accept the app key: it is unknown, or not the app this access token belongs to.',
      resolution: 'Copy the app key again from Partner Center (App & Service > your app) into the profile, and check the access token was issued to that app.',
    };
  }
  if (m.includes('timestamp')) {
    return {
      explanation:
        'TikTok Shop rejected the timestamp: it accepts one from 5 minutes in the past to 30 seconds in the future of its own clock.',
      resolution: "Set this computer's clock to synchronise automatically (NTP), then try again.",
    };
  }
  if (/access[_ -]?token|token/.test(m)) {
    return {
      explanation: 'TikTok Shop does not accept the access token (x-tts-access-token): it is malformed, revoked, or for another app.',
      resolution: 'Store a current access token issued to this app in the profile (authorize the shop again if needed).',
    };
  }
  return INVALID_CREDENTIALS;
}

/** The API's answer for a non-zero code, with what it means and what to do. */
export function toApiError({ code, message, requestId, clockSkewWarning }: ApiErrorInput): ApiError {
  const help: ApiErrorHelp =
    code === '36009004'
      ? invalidCredentialsHelp(message)
      : (KNOWN_API_ERRORS[code] ?? {
          explanation: `The API answered with code ${code}, which this app has no description for; the message is the server's own.`,
          resolution: `Look the code up in the TikTok Shop Partner API documentation. If it persists, ${WITH_REQUEST_ID}.`,
        });
  return new ApiError({
    code,
    message: message === '' ? `The API answered with error code ${code} and no message.` : message,
    explanation: help.explanation,
    resolution: clockSkewWarning ? `${help.resolution} ${clockSkewWarning}` : help.resolution,
    requestId,
  });
}
