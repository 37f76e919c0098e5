// A small OData v4 client over fetch, for vendors that speak plain OData (ERPs mostly): query an entity
// set with $filter, create an entity, read one by key. Every request carries the service's auth (Basic
// or Bearer) and times out on its own, so a hung vendor costs one attempt, not the activity's whole
// budget. A non-2xx answer becomes an ODataError with the service's own code and message from the
// standard error body { error: { code, message } }, so adapters can tell a refusal from an outage.

export type ODataAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export type ODataEntity = Record<string, unknown>;

export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ODataError';
  }
}

export interface ODataClient {
  /** The service root, without a trailing slash. */
  readonly root: string;
  /** The entities of `entitySet` matching `filter` (an OData $filter expression), at most `top`. */
  query(entitySet: string, filter: string, top: number): Promise<ODataEntity[]>;
  /** Creates an entity and returns it as the service stored it (201 with the entity). */
  create(entitySet: string, entity: ODataEntity): Promise<ODataEntity>;
  /** One entity by its (string) key. */
  get(entitySet: string, key: string): Promise<ODataEntity>;
  /** The canonical URL of an entity: <root>/<set>('<key>'). */
  entityUrl(entitySet: string, key: string): string;
}

/** An OData string literal: single quotes doubled, as in $filter=Ref eq 'it''s'. */
export const odataString = (value: string) => `'${value.replaceAll("'", "''")}'`;

export function odataClient(root: string, auth: ODataAuth, timeoutMs: number): ODataClient {
  const base = root.replace(/\/+$/, '');
  const authorization =
    auth.kind === 'basic'
      ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
      : `Bearer ${auth.token}`;
  const entityUrl = (entitySet: string, key: string) => `${base}/${entitySet}(${encodeURIComponent(odataString(key))})`;

  async function request(method: 'GET' | 'POST', url: string, body?: ODataEntity): Promise<unknown> {
    const response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        authorization,
        'odata-version': '4.0',
        'odata-maxversion': '4.0',
        ...(body && { 'content-type': 'application/json', prefer: 'return=representation' }),
      },
      ...(body && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw errorOf(response.status, response.statusText, text);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  return {
    root: base,
    async query(entitySet, filter, top) {
      // encodeURIComponent, not URLSearchParams: a '+' for a space is not a space to every OData service.
      const url = `${base}/${entitySet}?$filter=${encodeURIComponent(filter)}&$top=${top}`;
      const answer = (await request('GET', url)) as { value?: unknown } | undefined;
      if (!Array.isArray(answer?.value)) throw new ODataError(502, 'InvalidResponse', 'a query answer without value');
      return answer.value as ODataEntity[];
    },
    async create(entitySet, entity) {
      return (await request('POST', `${base}/${entitySet}`, entity)) as ODataEntity;
    },
    async get(entitySet, key) {
      return (await request('GET', entityUrl(entitySet, key))) as ODataEntity;
    },
    entityUrl,
  };
}

/** The service's error body, { error: { code, message } }, or the bare status when it sent none. */
function errorOf(status: number, statusText: string, text: string): ODataError {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (error && typeof error.message === 'string')
      return new ODataError(status, String(error.code ?? status), error.message.slice(0, 500));
  } catch {
    // not JSON: a proxy's page, say
  }
  return new ODataError(status, String(status), text.slice(0, 300) || statusText);
}
