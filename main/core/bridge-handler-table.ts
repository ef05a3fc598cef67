import type { BridgeMethodName, BridgeResponse, BridgeResult } from '../../preload/contract';

/**
 * One handler per bridge method. The request arrives untyped (from IPC or HTTP) and is
 * validated inside the handler; the answer is always a BridgeResult, never a throw.
 */
export type BridgeHandler<K extends BridgeMethodName> = (request: unknown) => Promise<BridgeResult<BridgeResponse<K>>>;

export type BridgeHandlerTable = { readonly [K in BridgeMethodName]: BridgeHandler<K> };
