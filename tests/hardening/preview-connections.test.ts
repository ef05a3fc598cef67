/**
 * Idle connections against the preview. Any page in the user's browser (or any local
 * program) can open sockets to it without sending a byte; each costs the preview a file
 * descriptor. The built `widget-token preview` runs with a 256-descriptor limit (macOS's
 * default for a process started from a terminal), 400 idle sockets are opened to it, and
 * then the page's real bridge call must still be answered; and the idle sockets that were
 * kept are closed once they have sent nothing for a while.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_BRIDGE_PATH, PREVIEW_KEY_HEADER } from '../../preload/contract';
import { BUILT_CLI, cliEnv, requireBuiltCli } from '../support/built-cli';

const IDLE_SOCKETS = 400;
const FD_LIMIT = 256;

let preview: ChildProcessWithoutNullStreams;
let home: string;
let url: URL;
const sockets: Socket[] = [];

beforeAll(async () => {
  requireBuiltCli();
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-preview-fds-'));
  preview = spawn('prlimit', [`--nofile=${FD_LIMIT}:${FD_LIMIT}`, process.execPath, BUILT_CLI, 'preview', '--no-open'], {
    env: cliEnv({ WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: `widget-token-desk-fds-${randomUUID()}` }),
    stdio: 'pipe',
  });
  let stdout = '';
  url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the preview printed no URL: ${stdout}`)), 15_000);
    preview.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = /Widget Token Desk preview: (\S+)/.exec(stdout)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(new URL(found));
      }
    });
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  preview.kill('SIGTERM');
  await fs.rm(home, { recursive: true, force: true });
});

function openIdle(): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), '127.0.0.1', () => resolve());
    // The preview may close it (that is the point): neither that nor a reset is a failure here.
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    sockets.push(socket);
  });
}

function bridgeCall(): Promise<{ status: number; body: string }> {
  const key = new URLSearchParams(url.hash.slice(1)).get('k') ?? '';
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(url.port),
        method: 'POST',
        path: `${PREVIEW_BRIDGE_PATH}/appInfo`,
        headers: { 'Content-Type': 'application/json', [PREVIEW_KEY_HEADER]: key, Origin: url.origin },
        agent: false,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end('{}');
  });
}

describe(`the preview under ${IDLE_SOCKETS} idle sockets, with ${FD_LIMIT} file descriptors`, () => {
  it('still answers a real bridge call', async () => {
    for (let i = 0; i < IDLE_SOCKETS; i += 1) await openIdle();
    // Time for the preview to accept them all (and, with the fix, to close the oldest).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reply = await bridgeCall();
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { shell: 'preview' } });
    expect(preview.exitCode).toBeNull();
  });

  it('times the idle sockets out: within 15 s the preview has closed every one of them', async () => {
    const closedByPreview = () => sockets.filter((socket) => socket.readyState === 'closed' || socket.destroyed).length;
    const deadline = Date.now() + 15_000;
    while (closedByPreview() < IDLE_SOCKETS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(closedByPreview()).toBe(IDLE_SOCKETS);
  }, 20_000);
});
