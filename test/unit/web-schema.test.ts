// The web app's operations are typed from web/schema.graphql and web/src/graphql-env.d.ts, committed
// so that a build needs no running server. Both must be what the API's schema gives today: after a
// change to a *.graphql.ts module, `npm run web:schema` writes them again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { webSchemaFiles, webSchemaPaths } from '../../scripts/web-schema.js';

describe('the schema the web app is typed from', () => {
  const expected = webSchemaFiles();

  it('web/schema.graphql is the SDL of the API schema', () => {
    assert.equal(
      readFileSync(webSchemaPaths.sdl, 'utf8'),
      expected.sdl,
      'web/schema.graphql is out of date: run `npm run web:schema`',
    );
    assert.match(expected.sdl, /type Ticket \{/);
    assert.match(expected.sdl, /ticketForms: \[TicketForm!\]!/);
  });

  it('web/src/graphql-env.d.ts holds the same schema as gql.tada types', () => {
    assert.equal(
      readFileSync(webSchemaPaths.introspection, 'utf8'),
      expected.introspection,
      'web/src/graphql-env.d.ts is out of date: run `npm run web:schema`',
    );
  });
});
