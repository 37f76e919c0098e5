// The Salesforce adapter (jsforce, REST API). Signs in with the OAuth 2.0 client credentials flow: a
// connected app's key and secret acting as its run-as integration user, no password or security token
// that rotate with a person (the username-password flow is blocked by default in new orgs). A token
// that expired is replaced once per call; what Salesforce then says stands.
//
// create_case opens a Case for the customer account the input names (by Account name or id, looked up
// with SOQL). Idempotent: the Case is upserted by an external id field holding the action run's id
// (its effect id), so a retry after a crash or a lost answer updates the Case the first try made
// instead of making a second. update_case sets a Case's status, which is idempotent by nature.
import { Connection } from 'jsforce';
import type { IntegrationSuccess } from '../../../workflows/ticket/model.js';
import { VendorRefusal, type Adapter, type AdapterCall } from '../types.js';
import { boundRequests, refusalOf, SalesforceError } from './http.js';
import type { SalesforceSettings } from './settings.js';

const SUBJECT_MAX = 255;
/** A Salesforce record id of an Account (key prefix 001), 15 or 18 characters. */
const ACCOUNT_ID = /^001[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
/** A Salesforce record id of any object: what a case_id input must be. */
const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

interface CaseRecord {
  Id: string;
  CaseNumber: string;
  Status?: string;
}

export function salesforceAdapter(settings: SalesforceSettings, timeoutMs: number): Adapter {
  const conn = new Connection({
    oauth2: { loginUrl: settings.loginUrl, clientId: settings.clientId, clientSecret: settings.clientSecret },
    version: settings.apiVersion,
  });
  boundRequests(conn, timeoutMs);
  const cases = () => conn.sobject('Case');

  let signedIn: Promise<unknown> | undefined;
  const signIn = () =>
    (signedIn ??= conn.authorize({ grant_type: 'client_credentials' }).catch((error: unknown) => {
      signedIn = undefined;
      throw error;
    }));
  /** Runs `work` with a token; a 401 (the token expired or was revoked) gets one new token and one more try. */
  async function signedInDo<T>(work: () => Promise<T>): Promise<T> {
    const used = signIn();
    await used;
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof SalesforceError && error.status === 401)) throw error;
      if (signedIn === used) signedIn = undefined;
      await signIn();
      return work();
    }
  }

  const made = (record: CaseRecord, results: Record<string, string> = {}): IntegrationSuccess => {
    const url = `${conn.instanceUrl}/lightning/r/Case/${record.Id}/view`;
    return {
      id: record.Id,
      key: record.CaseNumber,
      url,
      results: { case_id: record.Id, case_number: record.CaseNumber, case_url: url, ...results },
    };
  };
  const readCase = async (id: string) =>
    (await cases().retrieve(id, { fields: ['CaseNumber', 'Status'] })) as unknown as CaseRecord;

  async function accountId(account: string): Promise<string> {
    const byId = ACCOUNT_ID.test(account);
    const soql = `SELECT Id, Name FROM Account WHERE ${byId ? 'Id' : 'Name'} = '${soqlQuoted(account)}' LIMIT 2`;
    const { records } = await conn.query<{ Id: string; Name: string }>(soql);
    if (records.length === 0)
      throw new VendorRefusal(404, `Salesforce has no Account ${byId ? 'with id' : 'named'} '${account}'`);
    if (records.length > 1)
      throw new VendorRefusal(409, `Salesforce has several Accounts named '${account}': give the Account id instead`);
    return records[0]!.Id;
  }

  async function createCase(call: AdapterCall): Promise<IntegrationSuccess> {
    const { account = '', subject, reference = call.ticketNumber, description } = call.values;
    if (!account.trim()) throw new VendorRefusal(400, 'create_case needs an account: the input is empty');
    const AccountId = await accountId(account.trim());
    const saved = await cases().upsert(
      {
        [settings.externalIdField]: call.effectId,
        AccountId,
        Subject: (subject || `Ticket ${reference}`).slice(0, SUBJECT_MAX),
        Description: [`From Ticketflow ticket ${reference}.`, description].filter(Boolean).join('\n\n'),
      },
      settings.externalIdField,
    );
    if (!saved.success || !saved.id) throw new Error(`Salesforce did not save the Case: ${JSON.stringify(saved)}`);
    return made(await readCase(saved.id));
  }

  async function updateCase(call: AdapterCall): Promise<IntegrationSuccess> {
    const id = call.values.case_id?.trim() ?? '';
    if (!RECORD_ID.test(id))
      throw new VendorRefusal(400, `update_case needs a Salesforce Case id, not '${id}' (did create_case succeed?)`);
    const status = call.values.status?.trim() || settings.resolvedStatus;
    await cases().update({ Id: id, Status: status });
    const record = await readCase(id);
    return made(record, { status: record.Status ?? status });
  }

  const operations: Record<string, (call: AdapterCall) => Promise<IntegrationSuccess>> = {
    create_case: createCase,
    update_case: updateCase,
  };
  return {
    async call(call) {
      const operation = operations[call.operation];
      if (!operation) throw new VendorRefusal(0, `salesforce has no operation ${call.operation}`);
      try {
        return await signedInDo(() => operation(call));
      } catch (error) {
        throw refusalOf(error) ?? error;
      }
    },
  };
}

/** A SOQL string literal's content: backslashes and quotes escaped. */
function soqlQuoted(text: string): string {
  return text.replace(/[\\']/g, (c) => `\\${c}`);
}
