/**
 * A hand-built bridge handler table for the shells' wiring tests: each handler records
 * the request it received and answers something recognisable, so a test can tell that a
 * call reached the core, with which request, and that the answer came back unchanged.
 */
import type { AppInfo, BridgeMethodName, BridgeResult } from '../../preload/contract';
import type { BridgeHandler, BridgeHandlerTable } from '../../main/core/bridge-handler-table';

export interface RecordedCall {
  readonly method: BridgeMethodName;
  readonly request: unknown;
}

export const RECORDED_APP_INFO: AppInfo = { version: '9.9.9-test', shell: 'preview', platform: 'test' };

/** What every handler but appInfo answers: a result that names the method it came from. */
export function recordedAnswer(method: BridgeMethodName): BridgeResult<never> {
  return {
    ok: false,
    error: {
      kind: 'not-found',
      message: `answered by ${method}`,
      explanation: 'recording handler',
      resolution: 'none',
    },
  };
}

export function recordingHandlers(): { readonly table: BridgeHandlerTable; readonly calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const record =
    (method: BridgeMethodName): BridgeHandler<BridgeMethodName> =>
    async (request) => {
      calls.push({ method, request });
      return recordedAnswer(method);
    };
  const table: BridgeHandlerTable = {
    listProfiles: record('listProfiles'),
    saveProfile: record('saveProfile'),
    removeProfile: record('removeProfile'),
    selectProfile: record('selectProfile'),
    repairProfiles: record('repairProfiles'),
    getToken: record('getToken'),
    decodeToken: record('decodeToken'),
    copyText: record('copyText'),
    getSettings: record('getSettings'),
    saveSettings: record('saveSettings'),
    checkSandboxSignature: record('checkSandboxSignature'),
    listHistory: record('listHistory'),
    desktopStatus: record('desktopStatus'),
    authorizationLink: record('authorizationLink'),
    connectAuthorization: record('connectAuthorization'),
    refreshAccessToken: record('refreshAccessToken'),
    authStatus: record('authStatus'),
    listShops: record('listShops'),
    chooseShop: record('chooseShop'),
    openAuthorizationLink: record('openAuthorizationLink'),
    appInfo: async (request) => {
      calls.push({ method: 'appInfo', request });
      return { ok: true, value: RECORDED_APP_INFO };
    },
  };
  return { table, calls };
}
