/**
 * The profile a call uses, with its secrets, for stored profiles and the built-in one
 * alike: the token service, the refresh coordinator and the auth service all start here.
 */
import { SANDBOX_PROFILE } from '../../preload/contract';
import type { SandboxLauncher } from './core-deps';
import { isSandboxName, type ProfileService, type ResolvedProfile } from './profile-service';
import type { SandboxSession } from './sandbox-session';

export interface ResolverDeps {
  readonly profiles: ProfileService;
  readonly sandbox: SandboxLauncher;
  readonly session: SandboxSession;
}

export async function resolveProfile(name: string, deps: ResolverDeps): Promise<ResolvedProfile> {
  if (!isSandboxName(name)) return deps.profiles.resolveStored(name);
  const endpoint = await deps.sandbox();
  // Once authorized in this session, the built-in profile uses the tokens its sandbox issued.
  const grant = deps.session.grantFor(endpoint.baseUrl);
  return {
    name: SANDBOX_PROFILE,
    sandbox: true,
    baseUrl: endpoint.baseUrl,
    appKey: endpoint.appKey,
    appSecret: endpoint.appSecret,
    accessToken: grant?.accessToken ?? endpoint.accessToken,
    authBaseUrl: endpoint.baseUrl,
    ...(grant === null ? {} : { authorization: grant.authorization }),
  };
}
