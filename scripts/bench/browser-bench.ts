/**
 * The figures measured in Chromium on the browser preview: a click until the token and
 * its claims are on screen, a load until Get token can be pressed, and the page's JS heap
 * over many fetches.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { Figure } from './figures';
import { fixed, plusText } from './figures';
import { pageContentSecurityPolicy, pageSecurityHeaders } from '../../main/static/page-security';
import { APP_LIVE_EVENT } from '../../common/app-live';
import { CLICK_PROBE, readyProbe, TIMER_PROBE } from './page-probes';
import type { PipeBrowser } from './pipe-chromium';
import type { PreviewProcess } from './preview-process';
import type { RawGet } from './raw-get';
import type { RunCounts } from './options';
import { interleaved, since, summarize, type Summary } from './stats';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

const READY_PROBE = readyProbe(APP_LIVE_EVENT);

/**
 * Opens a page in a fresh context and waits until Get token can be pressed, the page has
 * painted and, for the app (not the React floor page, which has no such signal), until
 * the app is live.
 */
async function openPage(browser: Browser, url: string, options: { readonly live: boolean; readonly initScripts?: readonly string[] }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  for (const script of [READY_PROBE, ...(options.initScripts ?? [])]) await context.addInitScript({ content: script });
  const page = await context.newPage();
  await page.goto(url);
  // A function, not a string: a string that needs polling is run by eval, which the page's CSP refuses.
  await page.waitForFunction(
    (live) => {
      const probed = globalThis as unknown as { __benchReadyAt?: number; __benchPaintAt?: number; __benchLiveAt?: number };
      return probed.__benchReadyAt !== undefined && probed.__benchPaintAt !== undefined && (!live || probed.__benchLiveAt !== undefined);
    },
    options.live,
    { timeout: 30_000 },
  );
  return { context, page };
}

/** The preview's window, live: clicks act at once rather than being held for replay. */
function openApp(browser: Browser, url: string, initScripts: readonly string[] = []): Promise<{ context: BrowserContext; page: Page }> {
  return openPage(browser, url, { live: true, initScripts });
}

/** ms of one `window.widgetToken.appInfo()` in the page: the bridge's own round trip. */
const EMPTY_BRIDGE_CALL = '(async () => { const start = performance.now(); await window.widgetToken.appInfo(); return performance.now() - start; })()';

async function click(page: Page): Promise<number> {
  return page.evaluate('window.__benchClick()') as Promise<number>;
}

/** The app is live and its profiles are loaded: the Active profile picker is enabled. */
const APP_READY = `(() => {
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === 'Active profile');
  const picker = label === undefined ? null : document.getElementById(label.htmlFor);
  return picker !== null && !picker.disabled;
})()`;

/** Median ms of the click, measured the same way in a page Playwright drives (for reference). */
async function clicksUnderPlaywright(browser: Browser, preview: PreviewProcess, runs: RunCounts): Promise<Summary> {
  const { context, page } = await openApp(browser, preview.url);
  try {
    await page.evaluate(CLICK_PROBE);
    const samples: number[] = [];
    for (let index = 0; index < runs.warmup + runs.click; index += 1) {
      const elapsed = await click(page);
      if (index >= runs.warmup) samples.push(elapsed);
    }
    return summarize(samples);
  } finally {
    await context.close();
  }
}

export async function clickFigure(pipe: PipeBrowser, browser: Browser, preview: PreviewProcess, raw: RawGet, runs: RunCounts): Promise<Figure> {
  const page = await pipe.open(preview.url, APP_READY);
  await page.evaluate(CLICK_PROBE);
  const bridgeCalls: number[] = [];
  const samples = await interleaved(
    { warmup: runs.warmup, runs: runs.click },
    () => page.evaluate<number>('window.__benchClick()'),
    async () => {
      bridgeCalls.push(await page.evaluate<number>(EMPTY_BRIDGE_CALL));
      const start = performance.now();
      await raw.get();
      return since(start);
    },
  );
  const subject = summarize(samples.subject);
  const baseline = summarize(samples.baseline);
  const bridge = summarize(bridgeCalls.slice(runs.warmup));
  const underPlaywright = await clicksUnderPlaywright(browser, preview, runs);
  const extra = subject.median - baseline.median;
  return {
    id: 'click-to-claims',
    title: 'click Get token -> token and claims on screen (preview in Chromium, sandbox)',
    unit: 'ms',
    subject,
    baseline: { ...baseline, label: 'bare HTTP round trip to the same sandbox endpoint' },
    compared: { value: extra, text: plusText(extra, 'ms') },
    budget: 'median < 30 ms and <= round trip + 10 ms',
    pass: subject.median < 30 && extra <= 10,
    notes: [
      'Subject: performance.now() in the page from button.click() until a MutationObserver sees the new request_id, the token in the Widget token box and its exp row in the Claims table (the DOM commit; the paint follows at the next frame).',
      'The page is driven over --remote-debugging-pipe with Runtime.evaluate only, no DevTools domain enabled, as a user\'s window runs. ' +
        `The same clicks in a page Playwright drives (its Network domain records every request, 3-5 ms a fetch here): ${fixed(underPlaywright.min, 1)} / ${fixed(underPlaywright.median, 1)} / ${fixed(underPlaywright.max, 1)} ms.`,
      "Baseline: the same signed GET of the preview's own sandbox endpoint from Node with node:http over a kept-alive connection. The page cannot fetch the sandbox itself (another origin: its CSP connect-src 'self' and the missing CORS headers refuse it), and going through the preview's origin would add the bridge, which is part of what the subject measures.",
      `For reference, a bridge call that does no work (appInfo) from the same page, i.e. what Chromium's fetch and the preview's HTTP cost before any token work: ${fixed(bridge.min, 2)} / ${fixed(bridge.median, 2)} / ${fixed(bridge.max, 2)} ms.`,
    ],
    details: { emptyBridgeCall: bridge, underPlaywright },
  };
}

const BLANK_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>';

interface BlankServer {
  /** The blank page with the preview's security headers. */
  readonly url: string;
  /** The blank page without them. */
  readonly plainUrl: string;
  /** The React floor page, with the preview's headers, when there is one. */
  readonly reactUrl: string | null;
  close(): Promise<void>;
}

/**
 * Reference pages on loopback, like the preview: a blank one with the preview's security
 * headers and without them, and the React floor page (scripts/bench.mjs) with them.
 */
async function blankServer(reactFloorDir: string | null): Promise<BlankServer> {
  const secured = pageSecurityHeaders(pageContentSecurityPolicy(BLANK_PAGE));
  const server = createServer((request, response) => {
    const target = request.url ?? '/';
    if (reactFloorDir !== null && target.startsWith('/react/') && !target.includes('..')) {
      const file = target === '/react/' ? 'index.html' : target.slice('/react/'.length);
      readFile(path.join(reactFloorDir, file)).then(
        (body) => {
          response.writeHead(200, { ...secured, 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' });
          response.end(body);
        },
        () => {
          response.writeHead(404);
          response.end();
        },
      );
      return;
    }
    response.writeHead(200, { ...(target === '/plain' ? {} : secured), 'content-type': 'text/html; charset=utf-8' });
    response.end(BLANK_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    plainUrl: `${origin}/plain`,
    reactUrl: reactFloorDir === null ? null : `${origin}/react/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A blank page's load event, in ms since navigation start, in a fresh context. */
async function blankLoad(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction("performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0");
    return (await page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")) as number;
  } finally {
    await context.close();
  }
}

interface PageTimes {
  /** Get token in the page and enabled. */
  readonly ready: number;
  /** The first contentful paint. */
  readonly paint: number;
  /** The app took the page over (null for the React floor page). */
  readonly live: number | null;
}

/** ms since navigation start until a page's Get token button is there and enabled (and more), in a fresh context. */
async function pageTimes(browser: Browser, url: string, live: boolean): Promise<PageTimes> {
  const { context, page } = await openPage(browser, url, { live });
  try {
    return (await page.evaluate('({ ready: window.__benchReadyAt, paint: window.__benchPaintAt, live: window.__benchLiveAt ?? null })')) as PageTimes;
  } finally {
    await context.close();
  }
}

const range = (summary: Summary): string => `${fixed(summary.min)} / ${fixed(summary.median)} / ${fixed(summary.max)} ms`;

export async function loadFigure(browser: Browser, preview: PreviewProcess, runs: RunCounts, reactFloorDir: string | null): Promise<Figure> {
  const blank = await blankServer(reactFloorDir);
  try {
    const plain: number[] = [];
    const react: number[] = [];
    const live: number[] = [];
    const paint: number[] = [];
    const samples = await interleaved(
      { warmup: runs.warmup, runs: runs.load },
      async () => {
        const times = await pageTimes(browser, preview.url, true);
        if (times.live !== null) live.push(times.live);
        paint.push(times.paint);
        return times.ready;
      },
      async () => {
        plain.push(await blankLoad(browser, blank.plainUrl));
        if (blank.reactUrl !== null) react.push((await pageTimes(browser, blank.reactUrl, false)).ready);
        return blankLoad(browser, blank.url);
      },
    );
    const subject = summarize(samples.subject);
    const baseline = summarize(samples.baseline);
    const plainSummary = summarize(plain.slice(runs.warmup));
    const reactSummary = react.length > runs.warmup ? summarize(react.slice(runs.warmup)) : null;
    const liveSummary = summarize(live.slice(runs.warmup));
    const paintSummary = summarize(paint.slice(runs.warmup));
    const extra = subject.median - baseline.median;
    return {
      id: 'renderer-load-ready',
      title: 'renderer: load -> Get token enabled',
      unit: 'ms',
      subject,
      baseline: { ...baseline, label: "a blank page in the same browser, with the preview's security headers (to its load event)" },
      compared: { value: extra, text: plusText(extra, 'ms') },
      budget: '<= blank page + 150 ms',
      pass: extra <= 150,
      notes: [
        'Each load in a fresh browser context (empty cache), in ms since navigation start as the page itself counts it; the subject ends when Get token first exists and is enabled, seen by a MutationObserver installed before any page script.',
        "The window's first screen is prerendered into index.html and React then takes it over; clicks and shortcuts made in between are held and replayed, not lost.",
        `The same loads, further on: the app's first contentful paint ${range(paintSummary)}; the app is live (React has taken over, a click acts at once) ${range(liveSummary)}.`,
        `The blank page is served with the headers the preview sends with every page (CSP, Cross-Origin-Opener-Policy: same-origin, ...): COOP makes Chromium move a new tab into a renderer process of its own, which any page so served pays and the renderer cannot change. The same blank page without those headers: ${range(plainSummary)}.`,
        ...(reactSummary === null
          ? []
          : [
              `For reference, the floor of any React window: a page that renders only a Get token button with the same React, minified, same headers: ${range(reactSummary)} (${plusText(reactSummary.median - baseline.median, 'ms')} over the blank page).`,
            ]),
      ],
      details: { blankWithoutHeaders: plainSummary, reactFloor: reactSummary, appFirstPaint: paintSummary, appLive: liveSummary },
    };
  } finally {
    await blank.close();
  }
}

interface HeapReading {
  readonly usedBytes: number;
  readonly jsEventListeners: number;
  readonly nodes: number;
  readonly liveTimers: number;
}

async function heapReading(cdp: CDPSession, page: Page): Promise<HeapReading> {
  // Twice: the first pass can leave garbage that only a finalizer freed.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const liveTimers = (await page.evaluate('window.__benchLiveTimers()')) as number;
  return { usedBytes: usedSize, jsEventListeners: counters.jsEventListeners, nodes: counters.nodes, liveTimers };
}

const MB = 1024 * 1024;

export async function rendererHeapFigure(browser: Browser, preview: PreviewProcess, runs: RunCounts): Promise<Figure> {
  const { first, last } = runs.rendererFetches;
  const growth: number[] = [];
  const readings: { afterFirst: HeapReading; afterLast: HeapReading }[] = [];
  for (let repeat = 0; repeat < runs.memoryRepeats; repeat += 1) {
    const { context, page } = await openApp(browser, preview.url, [TIMER_PROBE]);
    try {
      await page.evaluate(CLICK_PROBE);
      const cdp = await context.newCDPSession(page);
      for (let index = 0; index < first; index += 1) await click(page);
      const afterFirst = await heapReading(cdp, page);
      for (let index = first; index < last; index += 1) await click(page);
      const afterLast = await heapReading(cdp, page);
      readings.push({ afterFirst, afterLast });
      growth.push((afterLast.usedBytes - afterFirst.usedBytes) / MB);
    } finally {
      await context.close();
    }
  }
  const subject = summarize(growth);
  return {
    id: 'renderer-heap-growth',
    title: `renderer JS heap after ${last} fetches vs after ${first} (countdown running)`,
    unit: 'MB',
    subject,
    baseline: null,
    compared: { value: subject.median, text: `${fixed(subject.median, 3)} MB` },
    budget: 'growth < 1 MB',
    pass: subject.median < 1,
    notes: [
      `Each of ${runs.memoryRepeats} runs is a fresh page: ${first} fetch(es), GC (CDP HeapProfiler.collectGarbage) and Runtime.getHeapUsage, then fetches up to ${last}, GC and again; the budget applies to the median run.`,
      'Pending timers are counted by wrapping setTimeout/setInterval before the page starts, listeners and DOM nodes by CDP Memory.getDOMCounters.',
    ],
    details: { readings },
  };
}
