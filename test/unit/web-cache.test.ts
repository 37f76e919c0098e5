// The web app's normalized cache (web/src/cache.ts) without a browser, in front of a fake API: the
// pages of a connection list show as one list (relayPagination); a first page read again starts the
// list afresh; a new notification heads the cached list and marking read marks the cached ones, each
// with the unread count read again; a board column's page is the page asked, never merged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, fetchExchange, gql, type Exchange } from '@urql/core';

// Loaded at run time: the root typecheck cannot follow the web app's extensionless imports.
const CACHE = '../../web/src/cache.js';
const { createCache } = (await import(CACHE)) as { createCache: () => Exchange };

interface Sent {
  operationName: string;
  variables: Record<string, unknown>;
}

const notification = (id: string, read = false) => ({
  __typename: 'Notification',
  id,
  subject: `About ${id}`,
  read,
});
const page = (nodes: object[], endCursor: string | null, hasNextPage: boolean) => ({
  __typename: 'NotificationConnection',
  nodes,
  pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
});

/** A client whose API answers each operation by name and variables; `sent` lists what it was asked. */
function clientAnswering(answer: (sent: Sent) => unknown) {
  const sent: Sent[] = [];
  // Queries come as GET (urql's default within the URL limit), the rest as POST.
  const fetch = async (url: unknown, init?: { body?: unknown }) => {
    const search = new URL(String(url)).searchParams;
    const body = (
      init?.body
        ? JSON.parse(String(init.body))
        : { operationName: search.get('operationName'), variables: JSON.parse(search.get('variables') ?? '{}') }
    ) as Sent;
    sent.push(body);
    return new Response(JSON.stringify({ data: answer(body) }), { headers: { 'content-type': 'application/json' } });
  };
  const client = new Client({
    url: 'http://api.test/graphql',
    fetch: fetch as typeof globalThis.fetch,
    fetchSubscriptions: true,
    exchanges: [createCache(), fetchExchange],
  });
  return { client, sent };
}

const LIST = gql`
  query List($first: Int!, $after: String) {
    notifications(first: $first, after: $after) {
      nodes {
        id
        subject
        read
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const COUNT = gql`
  query Count {
    notifications(first: 1) {
      unreadCount
    }
  }
`;
const ADDED = gql`
  subscription Added {
    notificationAdded {
      id
      subject
      read
    }
  }
`;
const MARK = gql`
  mutation Mark($ids: [ID!], $all: Boolean) {
    markNotificationsRead(ids: $ids, all: $all)
  }
`;

type ListData = { notifications: { nodes: { id: string; read: boolean }[]; pageInfo: { hasNextPage: boolean } } };
const ids = (data: unknown) => (data as ListData).notifications.nodes.map((n) => n.id);

describe("the web app's cache", () => {
  it('shows the pages of a list as one, and a first page read again starts it afresh', async () => {
    let first = [notification('n1'), notification('n2')];
    const { client } = clientAnswering(({ operationName, variables }) => {
      if (operationName !== 'List') return null;
      return {
        notifications: variables.after === 'c2' ? page([notification('n3')], 'c3', false) : page(first, 'c2', true),
      };
    });
    const one = await client.query(LIST, { first: 2, after: null }).toPromise();
    assert.deepEqual(ids(one.data), ['n1', 'n2']);
    const two = await client.query(LIST, { first: 2, after: 'c2' }).toPromise();
    assert.deepEqual(ids(two.data), ['n1', 'n2', 'n3']);
    assert.equal((two.data as ListData).notifications.pageInfo.hasNextPage, false);

    // Opened anew, newer ones have pushed n2 off the first page: the later page read before goes.
    first = [notification('n0'), notification('n1')];
    const again = await client.query(LIST, { first: 2, after: null }, { requestPolicy: 'network-only' }).toPromise();
    assert.deepEqual(ids(again.data), ['n0', 'n1']);
    assert.equal((again.data as ListData).notifications.pageInfo.hasNextPage, true);
  });

  it('puts a new notification at the head of the list and reads the unread count again', async () => {
    let unread = 1;
    const { client, sent } = clientAnswering(({ operationName }) => {
      if (operationName === 'List') return { notifications: page([notification('n1')], 'c1', false) };
      if (operationName === 'Count')
        return { notifications: { __typename: 'NotificationConnection', unreadCount: unread } };
      if (operationName === 'Added') return { notificationAdded: notification('n9') };
      if (operationName === 'Mark') return { markNotificationsRead: 1 };
      return null;
    });
    const seen: unknown[] = [];
    const list = client.query(LIST, { first: 20, after: null }).subscribe((result) => seen.push(result.data));
    const counts: number[] = [];
    const count = client.query(COUNT, {}).subscribe((result) => {
      const data = result.data as { notifications: { unreadCount: number } } | undefined;
      if (data) counts.push(data.notifications.unreadCount);
    });
    await until(() => seen.length > 0 && counts.length > 0);

    unread = 2;
    // A stream's result comes with hasNext: it is watched, not awaited as a promise.
    const added = client.subscription(ADDED, {}).subscribe(() => {});
    await until(() => ids(seen.at(-1)).includes('n9') && counts.at(-1) === 2);
    added.unsubscribe();
    assert.deepEqual(ids(seen.at(-1)), ['n9', 'n1']);
    assert.equal(sent.filter((s) => s.operationName === 'List').length, 1, 'the list is not read again');

    unread = 1;
    await client.mutation(MARK, { ids: ['n9'] }).toPromise();
    await until(() => counts.at(-1) === 1);
    const read = (id: string) => (seen.at(-1) as ListData).notifications.nodes.find((n) => n.id === id)?.read;
    assert.equal(read('n9'), true);
    assert.equal(read('n1'), false);

    unread = 0;
    await client.mutation(MARK, { all: true }).toPromise();
    await until(() => counts.at(-1) === 0);
    assert.equal(read('n1'), true);
    list.unsubscribe();
    count.unsubscribe();
  });

  it("keeps a board column's pages apart: the page asked is the page answered", async () => {
    const COLUMN = gql`
      query Column($filter: TicketFilter!, $after: String) {
        tickets(filter: $filter, after: $after, first: 1) {
          nodes {
            number
            title
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `;
    const ticket = (number: string) => ({ __typename: 'Ticket', number, title: number });
    const { client } = clientAnswering(({ variables }) => ({
      tickets: {
        __typename: 'TicketConnection',
        nodes: [ticket(variables.after === 'a' ? 'T-2' : 'T-3')],
        pageInfo: { __typename: 'PageInfo', hasNextPage: true, endCursor: String(variables.after) + '+' },
      },
    }));
    const filter = { process: 'it-support', state: 'new', open: true };
    await client.query(COLUMN, { filter, after: 'a' }).toPromise();
    const next = await client.query(COLUMN, { filter, after: 'b' }).toPromise();
    const numbers = (next.data as { tickets: { nodes: { number: string }[] } }).tickets.nodes.map((n) => n.number);
    assert.deepEqual(numbers, ['T-3']);
  });
});

/** Waits for what the client delivers asynchronously. */
async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the cache');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
