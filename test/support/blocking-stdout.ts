// Loaded into every test process (`--import`, from test/run.ts). A test file's process reports its
// results to the runner over a pipe, and --test-force-exit ends it with process.exit() as soon as its
// tests are done: report lines still queued for a busy pipe were then dropped without a word, and the
// run counted fewer tests and still passed (nodejs/node#64833; 40 files of 50 tests at concurrency 8
// reported about 1,100 of 2,000 here). A blocking stdout queues nothing, so nothing is left to drop.
const stdout = process.stdout as unknown as { _handle?: { setBlocking?: (blocking: boolean) => void } };
stdout._handle?.setBlocking?.(true);
