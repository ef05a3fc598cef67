/**
 * The built-in sandbox profile's authorization, kept in this process's memory. That
 * profile uses no keychain and no profiles file, and its sandbox lives only as long as the
 * app (or the command) that started it, so its tokens are worth exactly that long: the
 * grant is tied to the address of the sandbox that issued it and ignored by any other.
 */
import type { AuthorizationFacts } from '../../preload/contract';

export interface SessionGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly authorization: AuthorizationFacts;
}

export class SandboxSession {
  private grant: (SessionGrant & { readonly baseUrl: string }) | null = null;
  private state: { readonly baseUrl: string; readonly value: string } | null = null;
  private shop: { readonly shopId: string; readonly shopRegion: string } | null = null;

  /** The grant the sandbox at `baseUrl` issued, if any. */
  grantFor(baseUrl: string | null): SessionGrant | null {
    return this.grant !== null && this.grant.baseUrl === baseUrl ? this.grant : null;
  }

  store(baseUrl: string, grant: SessionGrant): void {
    this.grant = { ...grant, baseUrl };
    this.state = null;
  }

  rememberState(baseUrl: string, value: string): void {
    this.state = { baseUrl, value };
  }

  stateFor(baseUrl: string): string | undefined {
    return this.state?.baseUrl === baseUrl ? this.state.value : undefined;
  }

  chooseShop(shopId: string, shopRegion: string): void {
    this.shop = { shopId, shopRegion };
  }

  chosenShop(): { readonly shopId: string; readonly shopRegion: string } | null {
    return this.shop;
  }
}
