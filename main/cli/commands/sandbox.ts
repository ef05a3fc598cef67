/**
 * `widget-token sandbox [--port N] [--json]`: the offline sandbox in the foreground, with
 * its public demo credentials printed so developers can test their own signing code
 * against it. It runs until SIGINT or SIGTERM and then exits 0.
 */
import { errorCode, NetworkError, portRefusal } from '../../core/errors';
import { SANDBOX_CREDENTIALS } from '../../sandbox/demo-credentials';
import { startSandbox, WIDGET_TOKEN_PATH, type RunningSandbox } from '../../sandbox/sandbox-server';
import { parseArgs, parsePort } from '../args';
import { COMMAND_SPECS } from '../command-specs';
import { note, writeOut } from '../output';
import { untilStopSignal } from '../../core/stop-signal';

const spec = COMMAND_SPECS.sandbox;

async function listen(port: number): Promise<RunningSandbox> {
  try {
    return await startSandbox({ port });
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
    ['endpoint', `GET ${baseUrl}${WIDGET_TOKEN_PATH}`],
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
  const sandbox = await listen(port);
  // Listening for the signals before printing: whoever reads the line may stop us at once.
  const stopped = untilStopSignal();
  try {
    const { baseUrl } = sandbox;
    await writeOut(switches.has('--json') ? `${JSON.stringify({ baseUrl, ...SANDBOX_CREDENTIALS })}\n` : plainText(baseUrl));
    await stopped;
  } finally {
    await sandbox.close();
  }
  if (!switches.has('--json')) await note('Sandbox stopped.');
  return 0;
}
