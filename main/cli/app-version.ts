/** The version printed by `widget-token --version`: the package's own, inlined at build time. */
import { version } from '../../package.json';

export const APP_VERSION: string = version;
