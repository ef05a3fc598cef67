import fs from 'node:fs/promises';

export interface JsonFileReads {
  /** How many times the file was there to read. */
  readonly reads: number;
  /** Every text read that was not valid JSON: a half-written file, as another process saw it. */
  readonly badReads: readonly string[];
}

/**
 * Reads `file` over and over, as another process would, until stop() is called: what the
 * writers' atomicity looks like from outside while they run.
 */
export function readJsonFileUntilStopped(file: string): { stop(): Promise<JsonFileReads> } {
  let reading = true;
  let reads = 0;
  const badReads: string[] = [];
  const reader = (async () => {
    while (reading) {
      const text = await fs.readFile(file, 'utf8').catch(() => null);
      if (text !== null) {
        reads += 1;
        try {
          JSON.parse(text);
        } catch {
          badReads.push(text);
        }
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    stop: async () => {
      reading = false;
      await reader;
      return { reads, badReads };
    },
  };
}
