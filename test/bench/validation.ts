// Validating the largest definition the limits allow: pure CPU, measured before any server starts, so
// the first (cold) run is what `process validate` sees. Goal: at most 50 ms.
import { validateDefinition } from '../../workflows/process/validate.js';
import { largestDefinition } from '../support/largest-process.js';
import { percentile, say, time } from './report.js';

export async function measureValidation(): Promise<void> {
  const largest = largestDefinition();
  const context = { groups: new Set(['service-desk']) };
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) {
    samples.push(
      await time(async () => {
        if (!validateDefinition(largest, context).ok) throw new Error('the largest definition must be valid');
      }),
    );
  }
  const kib = (JSON.stringify(largest).length / 1024).toFixed(0);
  say(
    `${`validate the largest definition (${kib} KiB)`.padEnd(58)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms   first ${samples[0]!.toFixed(1)} ms   (goal ≤ 50 ms)`,
  );
}
