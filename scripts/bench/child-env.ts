/**
 * The environment of every process the bench starts: its own profiles folder and keychain
 * service name (the sandbox profile needs neither, and nothing of the user's is touched),
 * and none of the variables that would change what is measured.
 */
const DROPPED = new Set(['WIDGET_TOKEN_APP_SECRET', 'WIDGET_TOKEN_ACCESS_TOKEN', 'DEBUG', 'NODE_OPTIONS']);

export function benchEnv(home: string): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([name]) => !DROPPED.has(name));
  return { ...Object.fromEntries(kept), WIDGET_TOKEN_HOME: home, WIDGET_TOKEN_KEYCHAIN_SERVICE: `widget-token-desk-bench-${process.pid}` };
}
