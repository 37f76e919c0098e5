// The chaos run's GraphQL client, a careful one: a change is sent again with the same updateId (or
// idempotency key) until it has an answer, through UNAVAILABLE, a Postgres or Temporal outage, a
// refused connection. Only answers that say the change was judged (refused, bad input, forbidden)
// stop the retries. Each retried failure is counted by its code, for the progress lines.
export interface GqlError {
  message: string;
  extensions?: { code?: string; reason?: string };
}

export class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly reason: string | undefined,
    message: string,
  ) {
    super(`${code}${reason ? ` (${reason})` : ''}: ${message}`);
  }
}

/** The run's time for the load was up before an answer came: the load stops, the product is not at fault. */
export class OutOfTime extends Error {
  constructor(readonly lastFailure: string) {
    super(`no answer before the load's deadline (last: ${lastFailure})`);
  }
}

/** Codes that judge the request itself: sending it again would get the same answer. */
const FINAL = new Set(['BAD_USER_INPUT', 'FORBIDDEN', 'UNAUTHENTICATED', 'INVALID_TRANSITION']);

export interface Gql {
  /** Sends until answered or `deadline` (epoch ms); a Refusal for final answers, an Error when out of time. */
  call<T>(query: string, variables: Record<string, unknown>, token: string | undefined, deadline: number): Promise<T>;
  /** Failures retried so far, by code ('network', 'HTTP 502', 'UNAVAILABLE', …). */
  retried: Map<string, number>;
}

export function createGql(url: string): Gql {
  const retried = new Map<string, number>();
  const count = (code: string) => retried.set(code, (retried.get(code) ?? 0) + 1);
  return {
    retried,
    async call<T>(query: string, variables: Record<string, unknown>, token: string | undefined, deadline: number) {
      let pause = 250;
      for (;;) {
        let why: string;
        try {
          const response = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
            body: JSON.stringify({ query, variables }),
            signal: AbortSignal.timeout(30_000),
          });
          const body = (await response.json().catch(() => ({}))) as { data?: T | null; errors?: GqlError[] };
          const error = body.errors?.[0];
          if (!error && body.data) return body.data;
          const code = error?.extensions?.code ?? `HTTP ${response.status}`;
          if (FINAL.has(code)) throw new Refusal(code, error?.extensions?.reason, error?.message ?? '');
          why = code;
        } catch (error) {
          if (error instanceof Refusal) throw error;
          why = 'network';
        }
        count(why);
        if (Date.now() + pause > deadline) throw new OutOfTime(why);
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 3000);
      }
    },
  };
}
