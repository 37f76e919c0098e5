// How the benchmark measures and prints: samples in milliseconds, percentiles, and every figure beside
// the baseline it is compared with (these machines are shared and noisy: the ratio is what counts).
// Each comparison with a goal is also kept for the summary table printed at the end.
import { performance } from 'node:perf_hooks';

/** Rounds of each measurement (BENCH_ROUNDS, default 200). */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

/** The run cap the bench's tickets get: TICKET_CONTINUE_AS_NEW_AFTER when set, else the system's default. */
export const RUN_CAP = process.env.TICKET_CONTINUE_AS_NEW_AFTER
  ? { continueAsNewAfter: Number(process.env.TICKET_CONTINUE_AS_NEW_AFTER) }
  : {};

export const say = (line: string) => process.stdout.write(`${line}\n`);
export const progress = (line: string) => process.stderr.write(`  ${line}\n`);

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** A goal on the ratio measured / baseline at one percentile (or on a rate: at least `min`). */
export interface Goal {
  p: 50 | 95;
  max?: number;
  min?: number;
}

interface Outcome {
  name: string;
  measured: string;
  ratio: number;
  goal: string;
  met: boolean;
}

const outcomes: Outcome[] = [];

const ms = (value: number) => value.toFixed(1).padStart(6);
const goalText = (goal: Goal) => `p${goal.p} ${goal.max !== undefined ? `≤ ${goal.max}` : `≥ ${goal.min}`}×`;
const meets = (goal: Goal, ratio: number) =>
  (goal.max === undefined || ratio <= goal.max) && (goal.min === undefined || ratio >= goal.min);

/** Latencies: p50 and p95 of both, their ratios, and whether the goal is met. */
export function compare(name: string, measured: number[], baseline: number[], goal?: Goal): void {
  const p50 = percentile(measured, 50) / percentile(baseline, 50);
  const p95 = percentile(measured, 95) / percentile(baseline, 95);
  const verdict = goal ? `   goal ${goalText(goal)} ${meets(goal, goal.p === 50 ? p50 : p95) ? 'met' : 'MISSED'}` : '';
  say(
    `${name.padEnd(58)} p50 ${ms(percentile(measured, 50))} vs ${ms(percentile(baseline, 50))} ms   p95 ${ms(percentile(measured, 95))} vs ${ms(percentile(baseline, 95))} ms   ratio ${p50.toFixed(2)}× / ${p95.toFixed(2)}×${verdict}`,
  );
  if (goal) {
    const ratio = goal.p === 50 ? p50 : p95;
    outcomes.push({
      name,
      measured: `p${goal.p} ${percentile(measured, goal.p).toFixed(1)} vs ${percentile(baseline, goal.p).toFixed(1)} ms`,
      ratio,
      goal: goalText(goal),
      met: meets(goal, ratio),
    });
  }
}

/** Rates (more is better): measured / baseline against a goal. */
export function compareRates(name: string, measured: number, baseline: number, unit: string, goal: Goal): void {
  const ratio = measured / baseline;
  const met = meets(goal, ratio);
  say(
    `${name.padEnd(58)} ${measured.toFixed(1).padStart(6)} vs ${baseline.toFixed(1)} ${unit}   ratio ${ratio.toFixed(2)}×   goal ≥ ${goal.min}× ${met ? 'met' : 'MISSED'}`,
  );
  outcomes.push({
    name,
    measured: `${measured.toFixed(1)} vs ${baseline.toFixed(1)} ${unit}`,
    ratio,
    goal: `≥ ${goal.min}×`,
    met,
  });
}

/** One latency figure without a baseline (a cold start, a recovery). */
export function figure(name: string, samples: number[], extra = ''): void {
  say(
    `${name.padEnd(58)} p50 ${ms(percentile(samples, 50))} ms   p95 ${ms(percentile(samples, 95))} ms${extra ? `   ${extra}` : ''}`,
  );
}

/** Every comparison with a goal, as a Markdown table (docs/benchmarks.md uses it). */
export function summary(): void {
  if (outcomes.length === 0) return;
  say('\n| measurement | figures | ratio | goal | |\n| --- | --- | --- | --- | --- |');
  for (const o of outcomes)
    say(`| ${o.name} | ${o.measured} | ${o.ratio.toFixed(2)}× | ${o.goal} | ${o.met ? 'met' : 'missed'} |`);
}
