/**
 * A loopback stand-in for TikTok Shop's authorization and API hosts, written from
 * PRODUCT.md alone (it shares no code with the app or the offline sandbox): token/get,
 * token/refresh with rotation, widget_token and shops signed as documented (its own
 * HMAC), and answers shaped the other way the docs allow (code as a string,
 * `granted_permissions`). Tests can expire an access token on the server side only, to
 * get a 105002 that the client's own expiry did not foresee.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ContractServer {
  readonly baseUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  /** A fresh single-use code, as the seller's approval would yield. */
  issueCode(): string;
  /** From now on the server answers 105002 for this access token. */
  expire(accessToken: string): void;
  refreshes(): number;
  close(): Promise<void>;
}

const WEEK = 7 * 24 * 3600;

function signOf(path: string, query: URLSearchParams, secret: string): string {
  const keys = [...new Set(query.keys())].filter((key) => key !== 'sign' && key !== 'access_token').sort();
  const canonical = `${path}${keys.map((key) => `${key}${query.get(key) ?? ''}`).join('')}`;
  return createHmac('sha256', secret).update(`${secret}${canonical}${secret}`).digest('hex');
}

export async function startContractServer(): Promise<ContractServer> {
  const appKey = `ck${randomBytes(5).toString('hex')}`;
  const appSecret = `cs${randomBytes(16).toString('hex')}`;
  const codes = new Set<string>();
  const access = new Map<string, boolean>();
  const refresh = new Set<string>();
  let refreshCount = 0;

  const reply = (res: ServerResponse, body: Record<string, unknown>): void => {
    const text = JSON.stringify({ request_id: `REQ${randomBytes(6).toString('hex')}`, ...body });
    res.writeHead(200, { 'content-type': 'application/json' }).end(text);
  };
  const grant = () => {
    const accessToken = `cat-${randomBytes(12).toString('hex')}`;
    const refreshToken = `crt-${randomBytes(12).toString('hex')}`;
    access.set(accessToken, true);
    refresh.add(refreshToken);
    const now = Math.floor(Date.now() / 1000);
    return {
      code: '0',
      message: 'success',
      data: {
        access_token: accessToken,
        access_token_expire_in: now + WEEK,
        refresh_token: refreshToken,
        refresh_token_expire_in: String(now + 52 * WEEK),
        open_id: 'contract-open-id',
        seller_name: 'Contract Seller',
        seller_base_region: 'SG',
        user_type: 0,
        granted_permissions: ['contract.scope'],
      },
    };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = url.searchParams;
    if (url.pathname === '/api/v2/token/get' || url.pathname === '/api/v2/token/refresh') {
      if (q.get('app_key') !== appKey || q.get('app_secret') !== appSecret) {
        reply(res, { code: 36004005, message: 'can not find related auth record' });
        return;
      }
      if (url.pathname === '/api/v2/token/get') {
        const code = q.get('auth_code') ?? '';
        if (q.get('grant_type') !== 'authorized_code' || !codes.delete(code)) {
          reply(res, { code: 36004004, message: 'invalid auth code' });
          return;
        }
        reply(res, grant());
        return;
      }
      const token = q.get('refresh_token') ?? '';
      if (q.get('grant_type') !== 'refresh_token' || !refresh.delete(token)) {
        reply(res, { code: 36004005, message: 'can not find related auth record' });
        return;
      }
      refreshCount += 1;
      reply(res, grant());
      return;
    }
    if (url.pathname === '/authorization/202401/widget_token' || url.pathname === '/authorization/202309/shops') {
      const timestamp = Number(q.get('timestamp'));
      const now = Date.now() / 1000;
      if (q.get('app_key') !== appKey || !(timestamp > now - 300 && timestamp < now + 30) || q.get('sign') !== signOf(url.pathname, q, appSecret)) {
        reply(res, { code: 106001, message: 'invalid sign' });
        return;
      }
      const header = req.headers['x-tts-access-token'];
      const valid = typeof header === 'string' ? access.get(header) : undefined;
      if (valid === undefined) {
        reply(res, { code: 36009004, message: 'invalid access token' });
        return;
      }
      if (!valid) {
        reply(res, { code: 105002, message: 'access token expired' });
        return;
      }
      if (url.pathname.endsWith('/shops')) {
        reply(res, { code: 0, message: 'success', data: { shops: [{ id: '7000000000000000123', name: 'Contract Shop', region: 'SG', seller_type: 'LOCAL', code: 'SGC1', cipher: 'ROW_c1' }] } });
        return;
      }
      // A compact JWT-shaped token is enough: the app decodes whatever it gets.
      const body = Buffer.from(`{"exp":${Math.floor(now) + 300}}`).toString('base64url');
      reply(res, { code: 0, message: 'success', data: { widget_token: [{ token: `eyJhbGciOiJIUzI1NiJ9.${body}.c2ln`, expire_at: Math.floor(now) + 300 }] } });
      return;
    }
    res.writeHead(404).end();
  };

  const server = createServer((req, res) => {
    req.resume();
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    appKey,
    appSecret,
    issueCode() {
      const code = `ccode-${randomBytes(8).toString('hex')}`;
      codes.add(code);
      return code;
    },
    expire(accessToken) {
      access.set(accessToken, false);
    },
    refreshes: () => refreshCount,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
