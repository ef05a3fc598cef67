/** Time as the core sees it; a seam so tests can stand at any instant. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };
