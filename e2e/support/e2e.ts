/**
 * What every end-to-end test needs: Debian's Chromium driven by playwright-core, and the
 * preview started the way a user starts it, `widget-token preview` from the build as a
 * child process, with a data folder and a keychain service of its own.
 */
import { type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { requireBuiltCli, spawnCli } from '../../tests/support/built-cli';

/**
 * The few browser globals the tests read inside the page: the Node tsconfig that checks
 * these files has no DOM types, and adding them would hide DOM use in Node code.
 */
export interface PageGlobals {
  readonly navigator: { readonly clipboard: { readText(): Promise<string> } };
  readonly location: { readonly hash: string };
}

export interface PageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}

/** How long to wait for the UI to show something: generous, because two cores are shared. */
export const UI_WAIT = { timeout: 10_000, interval: 50 } as const;

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * True when the browser is missing; the suites then skip, and say why here, because a
 * skip that prints nothing reads like a pass.
 */
export function chromiumMissing(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return false;
  console.log(`Skipping the "${suite}" end-to-end tests: ${CHROMIUM_PATH} is missing (Debian: apt-get install chromium).`);
  return true;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A keychain service no other run (nor the user's own app) uses. */
export function uniqueKeychainService(suite: string): string {
  return `widget-token-desk-e2e-${suite}-${process.pid}-${Date.now().toString(36)}`;
}

export interface PreviewChild {
  /** The printed address, key fragment included. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** This run's key, from the fragment. */
  readonly key: string;
  readonly home: string;
  readonly keychainService: string;
  /** Everything the child wrote on stderr so far. */
  stderr(): string;
  /** Stops the child (SIGTERM, then SIGKILL) and removes its data folder. */
  stop(): Promise<void>;
}

export interface PreviewChildOptions {
  readonly keychainService: string;
  /** Variables added to (or, when undefined, removed from) the child's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A data folder to use (and keep when stopping), to restart the preview on the same data. */
  readonly home?: string;
}

const URL_LINE = /^Widget Token Desk preview: (http:\/\/127\.0\.0\.1:(\d+)\/#k=([\w-]+))$/m;

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('close', () => resolve()));
}

/** `widget-token preview --port 0 --no-open`, resolved once it printed its address. */
export async function startPreviewChild(options: PreviewChildOptions): Promise<PreviewChild> {
  requireBuiltCli();
  const home = options.home ?? (await mkdtemp(path.join(tmpdir(), 'wtd-e2e-')));
  const child = spawnCli(['preview', '--port', '0', '--no-open'], {
    env: { WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: options.keychainService, ...options.env },
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.kill('SIGTERM');
      await exited(child);
      clearTimeout(killer);
    }
    if (options.home === undefined) await rm(home, { recursive: true, force: true });
  };

  try {
    const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The preview printed no address within 15 s; stderr: ${stderr}`)), 15_000);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const found = URL_LINE.exec(stdout);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`The preview exited (${code}) before printing its address; stdout: ${stdout} stderr: ${stderr}`));
      });
    });
    const [, url = '', port = '', key = ''] = match;
    return {
      url,
      origin: `http://127.0.0.1:${port}`,
      port: Number(port),
      key,
      home,
      keychainService: options.keychainService,
      stderr: () => stderr,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface OpenedApp {
  readonly context: BrowserContext;
  readonly page: Page;
}

/**
 * A fresh context (its own storage and clipboard permissions) on the printed address, at
 * the desktop window's size, once the profiles have loaded.
 */
export async function openApp(browser: Browser, preview: PreviewChild, options: { readonly clipboard?: boolean } = {}): Promise<OpenedApp> {
  const context = await browser.newContext({
    viewport: { width: 1200, height: 800 },
    colorScheme: 'light',
    permissions: options.clipboard === true ? ['clipboard-read', 'clipboard-write'] : [],
  });
  const page = await context.newPage();
  await page.goto(preview.url);
  await expect.poll(() => activeProfile(page).isEnabled(), UI_WAIT).toBe(true);
  return { context, page };
}

export function activeProfile(page: Page): Locator {
  return page.getByRole('combobox', { name: 'Active profile' });
}

export function tokenBox(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Widget token' });
}

export function timer(page: Page): Locator {
  return page.getByRole('timer', { name: 'Expires in' });
}

/** The timer's text and state, read at the same instant. */
export function timerReading(page: Page): Promise<{ readonly text: string; readonly state: string }> {
  return timer(page).evaluate((element: PageElement) => ({ text: element.textContent ?? '', state: element.getAttribute('data-state') ?? '' }));
}

export function appAlert(page: Page): Locator {
  return page.getByRole('alert');
}

/** The text after "request_id" on the token card, or null while no token is shown. */
export async function shownRequestId(page: Page): Promise<string | null> {
  const label = page.getByText(/^request_id\s/);
  if ((await label.count()) === 0) return null;
  const text = (await label.textContent()) ?? '';
  return /^request_id\s+(\S+)$/.exec(text.trim())?.[1] ?? null;
}

/** Clicks Get token and waits until a token with a new request_id is shown. */
export async function getTokenShown(page: Page): Promise<string> {
  const before = await shownRequestId(page);
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect.poll(() => shownRequestId(page), UI_WAIT).not.toBe(before);
  await expect.poll(() => shownRequestId(page), UI_WAIT).not.toBeNull();
  return (await tokenBox(page).textContent()) ?? '';
}

/** Clicks Get token and waits for an alert whose text matches. */
export async function getTokenRefused(page: Page, expected: RegExp): Promise<string> {
  await page.getByRole('button', { name: 'Get token' }).click();
  await expect.poll(async () => ((await appAlert(page).count()) === 1 ? await appAlert(page).innerText() : ''), UI_WAIT).toMatch(expected);
  return appAlert(page).innerText();
}

/** The value cell of a claim in the "Claims" or "JWT header" table. */
export function claimValue(page: Page, table: 'Claims' | 'JWT header', claim: string): Locator {
  return page
    .getByRole('table', { name: table, exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: claim, exact: true }) })
    .getByRole('cell')
    .first()
    .locator('.mono');
}

export interface ProfileFields {
  readonly name?: string;
  readonly baseUrl?: string;
  readonly appKey?: string;
  readonly appSecret?: string;
  readonly accessToken?: string;
}

export function profileForm(page: Page): Locator {
  return page.getByRole('form', { name: 'Profile' });
}

/** Types into the fields given, leaving the others as they are. */
export async function fillProfileForm(page: Page, fields: ProfileFields): Promise<void> {
  const form = profileForm(page);
  if (fields.name !== undefined) await form.getByLabel('Name', { exact: true }).fill(fields.name);
  if (fields.baseUrl !== undefined) await form.getByLabel('Base URL', { exact: true }).fill(fields.baseUrl);
  if (fields.appKey !== undefined) await form.getByLabel('App key', { exact: true }).fill(fields.appKey);
  if (fields.appSecret !== undefined) await form.getByLabel('App secret', { exact: true }).fill(fields.appSecret);
  if (fields.accessToken !== undefined) await form.getByLabel('Access token', { exact: true }).fill(fields.accessToken);
}

/** What the form's fields hold now, secrets included (they are the user's own typing). */
export async function profileFormValues(page: Page): Promise<Required<ProfileFields>> {
  const form = profileForm(page);
  const field = (label: string) => form.getByLabel(label, { exact: true }).inputValue();
  return {
    name: await field('Name'),
    baseUrl: await field('Base URL'),
    appKey: await field('App key'),
    appSecret: await field('App secret'),
    accessToken: await field('Access token'),
  };
}

/** New profile -> fill -> Save, for a save the app refuses: the text of the form's alert. */
export async function refusedNewProfile(page: Page, fields: Required<ProfileFields>): Promise<string> {
  await page.getByRole('button', { name: 'New profile' }).click();
  await fillProfileForm(page, fields);
  await profileForm(page).getByRole('button', { name: 'Save' }).click();
  const alert = profileForm(page).getByRole('alert');
  await alert.waitFor();
  return alert.innerText();
}

/** New profile -> fill -> Save, then waits until it is the active profile. */
export async function createProfile(page: Page, fields: Required<ProfileFields>): Promise<void> {
  await page.getByRole('button', { name: 'New profile' }).click();
  await fillProfileForm(page, fields);
  await saveProfileForm(page);
  await expect.poll(() => activeProfile(page).inputValue(), UI_WAIT).toBe(fields.name);
}

/** Save, then waits for the form to close. */
export async function saveProfileForm(page: Page): Promise<void> {
  await profileForm(page).getByRole('button', { name: 'Save' }).click();
  await profileForm(page).waitFor({ state: 'detached', timeout: 10_000 });
}

/** A loopback HTTP server for a test, on a free port. */
export async function startLoopbackServer(listener: RequestListener): Promise<{ readonly origin: string; readonly port: number; close(): Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on: bound once to learn a free one, then released. */
export async function closedPort(): Promise<number> {
  const server = await startLoopbackServer((_req, res) => res.end());
  await server.close();
  return server.port;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A request with exactly the headers given (Host included), as no browser would send it. */
export function rawRequest(
  port: number,
  options: { readonly method: string; readonly path: string; readonly headers: Readonly<Record<string, string>>; readonly body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
