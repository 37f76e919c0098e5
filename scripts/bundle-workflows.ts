// `npm run build:workflows [PATH]`: bundles the workflow code once (default dist/workflow-bundle.js), so
// that workers started with WORKFLOW_BUNDLE=PATH skip bundling it at start-up (the Docker image does).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeWorkflowBundle } from '../temporal/worker.js';

const path = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
mkdirSync(dirname(path), { recursive: true });
const started = Date.now();
await writeWorkflowBundle(path);
process.stderr.write(`workflow bundle written to ${path} in ${Date.now() - started} ms\n`);
