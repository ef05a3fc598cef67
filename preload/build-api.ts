import { METHOD_NAMES, type BridgeMethodName, type BridgeResult, type WidgetTokenApi } from './contract';

/** Carries one bridge call to main: IPC in Electron, HTTP in the preview. */
export type BridgeTransport = (method: BridgeMethodName, request: unknown) => Promise<BridgeResult<unknown>>;

/**
 * One named function per contract method and nothing else: the page never gets a
 * generic "invoke any channel" door. A call without a request sends `{}`.
 */
export function buildWidgetTokenApi(transport: BridgeTransport): WidgetTokenApi {
  const api: Record<string, (request?: unknown) => Promise<BridgeResult<unknown>>> = {};
  for (const method of METHOD_NAMES) {
    api[method] = (request) => transport(method, request ?? {});
  }
  // The loop fills exactly METHOD_NAMES, the keys of BridgeMethods; each function's
  // request and result types are the contract's, enforced at the other end by main.
  return api as WidgetTokenApi;
}
