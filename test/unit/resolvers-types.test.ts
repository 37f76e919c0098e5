// The resolvers of every api/**/*.graphql.ts module are typed by api/graphql/resolvers-types.ts, which
// GraphQL Code Generator makes from web/schema.graphql (codegen.ts). It is committed, so a typecheck
// needs no generator run; this runs the generator in-process (writing nothing) and fails when the
// committed file differs from what it gives: after a schema change, `npm run web:schema` writes both.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generate } from '@graphql-codegen/cli';
import config, { RESOLVERS_TYPES } from '../../codegen.js';

const root = join(import.meta.dirname, '..', '..');

describe('the resolver types generated from the schema', () => {
  it('api/graphql/resolvers-types.ts is what `npm run codegen` gives from web/schema.graphql', async () => {
    const outputs: { filename: string; content: string }[] = await generate(
      { ...config, cwd: root, silent: true },
      false,
    );
    const generated = outputs.find((o) => o.filename === RESOLVERS_TYPES || o.filename === join(root, RESOLVERS_TYPES));
    assert.ok(generated, `codegen made no ${RESOLVERS_TYPES}: ${outputs.map((o) => o.filename).join(', ')}`);
    assert.equal(
      readFileSync(join(root, RESOLVERS_TYPES), 'utf8'),
      generated.content,
      `${RESOLVERS_TYPES} is out of date: run \`npm run web:schema\` (or \`npm run codegen\` after a change to codegen.ts)`,
    );
    // The server's types are what the resolvers get: a Ticket's parent is a tickets row.
    assert.match(generated.content, /Ticket: TicketRowModel;/);
    assert.match(generated.content, /import type \{ GraphQLContext \} from '\.\/context\.js';/);
  });
});
