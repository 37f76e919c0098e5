// A first `npm start` on a new database submits a few tickets as the demo employee, so that whoever
// signs in first finds work on the queue and the board (round-robin assigns them to the agents) rather
// than empty lists. Through the API, as a person would; each with an idempotency key, so that a start
// stopped half-way and run again submits none twice.
import { DEMO_PASSWORD } from '../api/seed.js';

const REQUESTER = 'erin.employee@example.com';

export const DEMO_TICKETS = [
  { title: 'The printer on floor 3 jams on every page', category: 'hardware', priority: 'high' },
  { title: 'VPN drops every hour since Monday', category: 'network', priority: 'normal' },
  { title: 'Cannot sign in to the HR tool after the password change', category: 'access', priority: 'high' },
  { title: 'Spreadsheet add-in crashes on start', category: 'software', priority: 'normal' },
  { title: 'A laptop for the new starter on the 14th', category: 'hardware', priority: 'low' },
  { title: 'Meeting room screen shows no signal', category: 'other', priority: 'normal' },
] as const;

/** Submits the demo tickets to the API at `apiUrl`; the number submitted. */
export async function submitDemoTickets(apiUrl: string): Promise<number> {
  /** One GraphQL operation's data; its errors, or no data, are thrown in words. */
  const ask = async <Data>(query: string, variables: object, token?: string): Promise<Data> => {
    const response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Data | null; errors?: { message: string }[] };
    if (body.errors?.length || !body.data)
      throw new Error(body.errors?.map((e) => e.message).join('; ') ?? 'no answer');
    return body.data;
  };
  const { login } = await ask<{ login: { accessToken: string } }>(
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
    { email: REQUESTER, password: DEMO_PASSWORD },
  );
  const create = 'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { number } }';
  for (const [i, ticket] of DEMO_TICKETS.entries()) {
    const input = {
      process: 'it-support',
      title: ticket.title,
      priority: ticket.priority,
      fields: { category: ticket.category },
      idempotencyKey: `demo-ticket-${i + 1}`,
    };
    await ask(create, { input }, login.accessToken);
  }
  return DEMO_TICKETS.length;
}
