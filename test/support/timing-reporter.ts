// A node:test reporter that prints, after the run, how long each tier's files ran and the slowest files:
// the figures a change to the suite's speed is judged by. A file's time is the sum of its top-level tests'
// and suites' durations (they run one after another within a file), hooks included, module loading not.
import { relative } from 'node:path';
import type { TestEvent } from 'node:test/reporters';

export default async function* timingReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const files = new Map<string, { ms: number; tests: number }>();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (!event.data.file) continue;
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
  yield `${lines.join('\n')}\n`;
}
