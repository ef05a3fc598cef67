/**
 * The DOM event the page fires on `document` once React has taken the prerendered window
 * over: from then on clicks act at once. The early-input script waits for it to replay
 * what the user did before, and the benchmark reads it as the moment the app is live.
 */
export const APP_LIVE_EVENT = 'widget-token-desk:live';
