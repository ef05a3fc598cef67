/**
 * Get Authorized Shops: `GET {baseUrl}/authorization/202309/shops`, signed exactly like the
 * widget-token call and sent with the access token header, over the same HTTP exchange.
 * Shop ids stay strings: they are 64-bit integers that a JS number would round.
 */
import { z } from 'zod';
import type { AuthorizedShop } from '../../preload/contract';
import { toApiError } from './api-errors';
import { parseBaseUrl } from './base-url';
import { systemClock } from './clock';
import { describeDataIssues, readEnvelope } from './envelope';
import { NetworkError, ValidationError } from './errors';
import { signWithMaskedString } from './sign';
import { checkedTimeoutMs, exchange, sendRequest, type WidgetTokenDeps, type WidgetTokenRequest } from './widget-token-client';

export const SHOPS_PATH = '/authorization/202309/shops';

export interface ShopsAnswer {
  readonly shops: readonly AuthorizedShop[];
  readonly requestId: string;
}

const field = z.string().max(1024).nullish();
const shopsSchema = z.object({
  shops: z
    .array(
      z.object({
        id: z.string({ error: 'must be a string of digits (a number would lose digits)' }).regex(/^\d{1,32}$/, 'must be a string of digits'),
        name: field,
        region: field,
        seller_type: field,
        code: field,
        cipher: field,
      }),
    )
    .max(10_000)
    .nullish(),
});

export async function fetchShops(req: WidgetTokenRequest, deps: WidgetTokenDeps = {}): Promise<ShopsAnswer> {
  const clock = deps.clock ?? systemClock;
  const url = parseBaseUrl(req.baseUrl);
  const appKey = req.appKey.trim();
  const appSecret = req.appSecret.trim();
  const accessToken = req.accessToken.trim();
  if (appKey === '' || appSecret === '' || accessToken === '' || !/^[\x20-\x7e]+$/.test(accessToken)) {
    throw new ValidationError(
      'The profile is not complete enough to list its shops.',
      'Get Authorized Shops is signed with the app key and app secret and sent with the access token.',
      'Set the app key and app secret, and authorize the shop (Authorize shop, or `widget-token auth url`).',
    );
  }
  const version = req.version?.trim();
  const timestamp = String(Math.floor(clock.nowMs() / 1000));
  const query: Record<string, string> = version ? { app_key: appKey, timestamp, version } : { app_key: appKey, timestamp };
  const { sign } = signWithMaskedString({ path: SHOPS_PATH, query }, appSecret);
  const search = new URLSearchParams({ ...query, sign }).toString();
  const answer = await exchange({
    url,
    path: `${url.pathname.replace(/\/+$/, '')}${SHOPS_PATH}?${search}`,
    headers: { 'content-type': 'application/json', 'x-tts-access-token': accessToken },
    timeoutMs: checkedTimeoutMs(req.timeoutMs),
    clock,
    send: deps.request ?? sendRequest,
  });
  const envelope = readEnvelope(answer.body, answer.status, [appSecret, accessToken]);
  if (!envelope.ok) {
    throw toApiError({ code: envelope.code, message: envelope.message, requestId: envelope.requestId });
  }
  const parsed = shopsSchema.safeParse(envelope.data ?? {});
  if (!parsed.success) {
    throw new NetworkError(
      `The API reported success but its list of shops is not readable (HTTP ${answer.status}).`,
      `In the response: ${describeDataIssues(parsed.error)}.`,
      'Try again. If it persists, check the base URL points at the TikTok Shop Open API.',
    );
  }
  // Masked as they were read (readEnvelope), like every other part of the answer.
  const clean = (value: string | null | undefined) => value ?? '';
  return {
    requestId: envelope.requestId,
    shops: (parsed.data.shops ?? []).map((shop) => ({
      id: shop.id,
      name: clean(shop.name),
      region: clean(shop.region),
      sellerType: clean(shop.seller_type),
      code: clean(shop.code),
      cipher: clean(shop.cipher),
    })),
  };
}
