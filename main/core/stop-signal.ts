/**
 * For the commands that run in the foreground (`sandbox`, `preview`): resolves on the
 * first SIGINT (Ctrl+C) or SIGTERM, so the command can close its server and exit 0
 * instead of being killed mid-response.
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
