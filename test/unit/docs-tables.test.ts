// The tables of the docs that are generated from the code — who may call which GraphQL operation
// (docs/api.md, from api/graphql/access-matrix.ts) and every setting of the configuration
// (docs/operations.md, from platform/config.ts) — must be what `npm run docs:tables` writes today: a
// changed matrix, a new setting or a new default fails here until the docs are written again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { accessTables, configTable, generatedDocs, REGENERATE, renderDoc } from '../../scripts/docs-tables.js';

describe('generated tables of the docs', () => {
  for (const doc of generatedDocs) {
    const name = relative(process.cwd(), doc.path);
    it(`${name} holds what \`${REGENERATE}\` writes`, async () => {
      const committed = readFileSync(doc.path, 'utf8');
      const expected = await renderDoc(doc, committed);
      const lines = [committed.split('\n'), expected.split('\n')] as const;
      const longest = Math.max(lines[0].length, lines[1].length);
      const at = Array.from({ length: longest }, (_, i) => i).find((i) => lines[0][i] !== lines[1][i]) ?? 0;
      assert.ok(
        committed === expected,
        `${name}: a generated table (${Object.keys(doc.blocks).join(', ')}) differs from its source, from line ` +
          `${at + 1}:\n  committed: ${lines[0][at]}\n  generated: ${lines[1][at]}\nRun \`${REGENERATE}\` and commit the result.`,
      );
    });
  }

  it('prints every operation and every setting', () => {
    const access = accessTables();
    for (const operation of ['createTicket', 'moveTicket', 'signalTicket', 'boardEvents', 'renewWebPushSubscription'])
      assert.match(access, new RegExp(`\\| \`${operation}\` \\|`));
    const config = configTable();
    assert.match(config, /\| `DATABASE_URL` \| an embedded PostgreSQL/);
    assert.match(config, /\| `MAX_ATTACHMENT_BYTES` \| `26214400` \(25 MiB\) \|/);
    assert.match(config, /\| `CORS_ORIGINS` \| none \|/);
  });
});
