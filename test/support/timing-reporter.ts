// A node:test reporter that prints, after the run, how long each tier's files ran and the slowest files:
// the figures a change to the suite's speed is judged by. It also fails the run when a test started and
// its result never came (a test file's process ended before its report was out; see blocking-stdout.ts):
// a count that is short must not pass. A file's time is the sum of its top-level tests'
// and suites' durations (they run one after another within a file), hooks included, module loading not.
import { relative } from 'node:path';
import type { TestEvent } from 'node:test/reporters';

export default async function* timingReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const files = new Map<string, { ms: number; tests: number }>();
  const unanswered = new Map<string, { test: string; count: number }>();
  for await (const event of source) {
    if (event.type !== 'test:start' && event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (!event.data.file) continue;
    const key = `${event.data.file}:${event.data.line}:${event.data.column}:${event.data.name}`;
    const test = `${relative(process.cwd(), event.data.file)}: ${event.data.name}`;
    const open = unanswered.get(key) ?? { test, count: 0 };
    open.count += event.type === 'test:start' ? 1 : -1;
    if (open.count === 0) unanswered.delete(key);
    else unanswered.set(key, open);
    if (event.type === 'test:start') continue;
    const file = relative(process.cwd(), event.data.file);
    const row = files.get(file) ?? { ms: 0, tests: 0 };
    if (event.data.nesting === 0) row.ms += event.data.details.duration_ms;
    if (event.data.details.type !== 'suite') row.tests += 1;
    files.set(file, row);
  }
  const rows = [...files].map(([file, row]) => ({ file, seconds: row.ms / 1000, tests: row.tests }));
  const lines = ['', 'Time per tier (sum of its files):'];
  for (const tier of ['unit', 'integration', 'system']) {
    const files = rows.filter((row) => row.file.includes(`test/${tier}/`));
    if (files.length === 0) continue;
    const seconds = files.reduce((sum, row) => sum + row.seconds, 0);
    const tests = files.reduce((sum, row) => sum + row.tests, 0);
    lines.push(
      `  ${tier.padEnd(12)} ${String(files.length).padStart(3)} files ${String(tests).padStart(4)} tests ${seconds.toFixed(1).padStart(7)} s`,
    );
  }
  lines.push('Slowest files:');
  for (const row of rows.sort((a, b) => b.seconds - a.seconds).slice(0, 15)) {
    lines.push(`  ${row.seconds.toFixed(1).padStart(6)} s  ${row.file} (${row.tests} tests)`);
  }
  const missing = [...unanswered.values()].filter((open) => open.count > 0);
  if (missing.length > 0) {
    lines.push(`${missing.length} tests started and their results never came; the run fails:`);
    for (const { test } of missing) lines.push(`  ${test}`);
    process.exitCode = 1;
  }
  yield `${lines.join('\n')}\n`;
}
