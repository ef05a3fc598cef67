/**
 * `widget-token sandbox [--port N] [--json] [--access-ttl SECONDS] [--refresh-ttl SECONDS]`:
 * the offline sandbox in the foreground, with its public demo credentials printed so
 * developers can test their own signing code (and the seller authorization) against it.
 * It runs until SIGINT or SIGTERM and then exits 0.
 */
import { errorCode, NetworkError, portRefusal } from '../../core/errors';
import { SANDBOX_CREDENTIALS, SANDBOX_SERVICE_ID } from '../../sandbox/demo-credentials';
import { AUTHORIZE_PATH, startSandbox, WIDGET_TOKEN_PATH, type RunningSandbox } from '../../sandbox/sandbox-server';
import { parseArgs, parsePort, UsageError } from '../args';
import { COMMAND_SPECS } from '../command-specs';
import { note, writeOut } from '../output';
import { untilStopSignal } from '../../core/stop-signal';

const spec = COMMAND_SPECS.sandbox;

/** Longest lifetime accepted: ten years, far beyond any real authorization. */
const MAX_TTL_SECONDS = 10 * 366 * 24 * 3600;

function parseTtl(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_TTL_SECONDS)) {
    throw new UsageError(`The value of ${name} ("${text}") is not valid.`, spec, `It is a whole number of seconds from 1 to ${MAX_TTL_SECONDS}, e.g. ${name} 120.`);
  }
  return seconds;
}

async function listen(port: number, accessTtlSeconds: number | undefined, refreshTtlSeconds: number | undefined): Promise<RunningSandbox> {
  try {
    return await startSandbox({
      port,
      ...(accessTtlSeconds === undefined ? {} : { accessTtlSeconds }),
      ...(refreshTtlSeconds === undefined ? {} : { refreshTtlSeconds }),
    });
  } catch (error) {
    const refusal = portRefusal(error, port, 'sandbox');
    if (refusal !== undefined) throw refusal;
    const code = errorCode(error);
    throw new NetworkError('The offline sandbox could not start.', `Listening on 127.0.0.1 port ${port} failed${code === undefined ? '' : ` (${code})`}.`, 'Check that this machine allows local network connections on 127.0.0.1.');
  }
}

function plainText(baseUrl: string): string {
  const rows: [string, string][] = [
    ['base URL', baseUrl],
    ['app key', SANDBOX_CREDENTIALS.appKey],
    ['app secret', SANDBOX_CREDENTIALS.appSecret],
    ['access token', SANDBOX_CREDENTIALS.accessToken],
    ['service ID', SANDBOX_SERVICE_ID],
    ['endpoint', `GET ${baseUrl}${WIDGET_TOKEN_PATH}`],
    ['authorize', `${baseUrl}${AUTHORIZE_PATH}?service_id=${SANDBOX_SERVICE_ID}`],
  ];
  return [
    `Offline sandbox listening on ${baseUrl} (its tokens are not valid on TikTok Shop).`,
    'Public demo credentials (no one\'s secrets), to test your own signing code:',
    ...rows.map(([label, value]) => `  ${label.padEnd(12)}  ${value}`),
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

export async function run(args: readonly string[]): Promise<number> {
  const { values, switches } = parseArgs(args, spec);
  const port = parsePort(values.get('--port'), spec);
  const accessTtl = parseTtl('--access-ttl', values.get('--access-ttl'));
  const refreshTtl = parseTtl('--refresh-ttl', values.get('--refresh-ttl'));
  const sandbox = await listen(port, accessTtl, refreshTtl);
  // Listening for the signals before printing: whoever reads the line may stop us at once.
  const stopped = untilStopSignal();
  try {
    const { baseUrl } = sandbox;
    await writeOut(switches.has('--json') ? `${JSON.stringify({ baseUrl, ...SANDBOX_CREDENTIALS, serviceId: SANDBOX_SERVICE_ID })}\n` : plainText(baseUrl));
    await stopped;
  } finally {
    await sandbox.close();
  }
  if (!switches.has('--json')) await note('Sandbox stopped.');
  return 0;
}
