/** The desktop app's entry point (out/main/index.js). */
import { runElectronShell } from './shell';

runElectronShell(import.meta.url);
