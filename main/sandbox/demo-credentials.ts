/**
 * The offline sandbox's demo identity. These are public constants, no user's secrets:
 * the CLI prints them (`widget-token sandbox`) so developers can test their own signing
 * code against the sandbox, and nothing signed with them is valid on TikTok Shop.
 */

/** Shaped like a real app key (13 lowercase characters), named so no one mistakes it. */
export const SANDBOX_APP_KEY = '6sandbox0demo';

/** Shaped like a real app secret (40 characters); public, used only by the sandbox. */
export const SANDBOX_APP_SECRET = 'sandbox0demo0secret0e5f1c2e9a7b3d40868a1';

/** The access token the sandbox expects in `x-tts-access-token`. */
export const SANDBOX_ACCESS_TOKEN = 'SBX_offline-sandbox-demo-access-token-8f3a1c6e';

/** Key of the sandbox's HS512 JWTs (TikTok's own key is not public, so its tokens cannot be verified). */
export const SANDBOX_JWT_SIGNING_KEY = 'offline-sandbox-demo-hs512-signing-key-not-tiktok';

/** The documented sample's UserID: above 2^53, so a float-based JSON parser shows 7493990753256901000. */
export const SANDBOX_USER_ID = 7493990753256900486n;

/** A second 19-digit integer, distinct from the UserID so a decoder cannot confuse the two. */
export const SANDBOX_SHOP_ID = 7494001122334455667n;

/** As in the documented sample. */
export const SANDBOX_SELLER_TYPE = 2;

/** The three values a client needs to call the sandbox, in one object for the shells. */
export const SANDBOX_CREDENTIALS = {
  appKey: SANDBOX_APP_KEY,
  appSecret: SANDBOX_APP_SECRET,
  accessToken: SANDBOX_ACCESS_TOKEN,
} as const;

/** The sandbox's demo service ID, for its authorization link (`/open/authorize?service_id=…`). */
export const SANDBOX_SERVICE_ID = '7499990000000000001';

/** A second shop of the demo seller: the widget tokens carry both ids, the shops list both. */
export const SANDBOX_SECOND_SHOP_ID = 7494001122334455781n;

/** The seller who approves every sandbox authorization at once. */
export const SANDBOX_SELLER = {
  name: 'Sandbox Demo Seller (offline sandbox)',
  baseRegion: 'GB',
  openId: 'sbx-open-id-5d0c4e2a9f7b',
  userType: 0,
  grantedScopes: ['seller.authorization.info', 'seller.shop.info', 'seller.widget.token'],
} as const;

/** The demo seller's two shops, as Get Authorized Shops lists them. */
export const SANDBOX_SHOPS = [
  { id: SANDBOX_SHOP_ID, name: 'Sandbox Demo Shop GB', region: 'GB', sellerType: 'CROSS_BORDER', code: 'GBSBXDEMO1', cipher: 'GCP_sbxdemo_gb_0001' },
  { id: SANDBOX_SECOND_SHOP_ID, name: 'Sandbox Demo Shop US', region: 'US', sellerType: 'LOCAL', code: 'USSBXDEMO2', cipher: 'TTP_sbxdemo_us_0002' },
] as const;
