// The rules of the local Salesforce org (salesforce.ts serves them over HTTP): what its SOQL answers
// and which Case saves and reads it refuses, with Salesforce's error codes and messages
// (MALFORMED_QUERY, INVALID_FIELD, REQUIRED_FIELD_MISSING, ...). Functions of the org's data, so the
// server file keeps to the wire: routes, auth and the failure knobs.

export const API_VERSION = '62.0';
/** The standard Case fields the org knows besides its custom ones. */
const CASE_FIELDS = ['Id', 'CaseNumber', 'AccountId', 'Subject', 'Description', 'Status', 'Origin', 'Priority'];
const RECORD_ID = /^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/;

export interface SalesforceCase {
  Id: string;
  CaseNumber: string;
  AccountId?: string;
  Subject?: string;
  Description?: string;
  Status: string;
  [field: string]: string | undefined;
}

/** What an admin can change in the org: its accounts, the Case's custom and required fields, the Status picklist. */
export interface OrgData {
  accounts: { Id: string; Name: string }[];
  caseCustomFields: Set<string>;
  requiredCaseFields: Set<string>;
  caseStatuses: Set<string>;
}

/** Salesforce's REST error body. */
export type Errors = { message: string; errorCode: string; fields?: string[] }[];
const refused = (errorCode: string, message: string, fields?: string[]): Errors => [
  { errorCode, message, ...(fields && { fields }) },
];

export const isRecordId = (id: string) => RECORD_ID.test(id);
export const isCaseField = (org: OrgData, name: string) => CASE_FIELDS.includes(name) || org.caseCustomFields.has(name);

/** The SOQL the adapter sends: SELECT <fields> FROM Account WHERE Name|Id = '<literal>' [LIMIT n]. */
export function soqlAnswer(org: OrgData, soql: string): { status: number; body: unknown } {
  const match =
    /^SELECT\s+([\w\s,]+?)\s+FROM\s+(\w+)\s+WHERE\s+(\w+)\s*=\s*'((?:[^'\\]|\\.)*)'(?:\s+LIMIT\s+(\d+))?\s*$/i;
  const parts = match.exec(soql);
  if (!parts) return { status: 400, body: refused('MALFORMED_QUERY', `unexpected token: '${soql.slice(0, 40)}'`) };
  const [, fieldList, object, filter, quoted, limit] = parts;
  if (object !== 'Account')
    return { status: 400, body: refused('INVALID_TYPE', `sObject type '${object}' is not supported.`) };
  const fields = fieldList!.split(',').map((f) => f.trim());
  const unknown = [...fields, filter!].find((field) => !['Id', 'Name'].includes(field));
  if (unknown)
    return { status: 400, body: refused('INVALID_FIELD', `No such column '${unknown}' on entity 'Account'.`) };
  const value = quoted!.replace(/\\(.)/g, '$1');
  if (filter === 'Id' && !isRecordId(value))
    return { status: 400, body: refused('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${value}`) };
  const records = org.accounts
    .filter((a) => (filter === 'Id' ? a.Id.slice(0, 15) === value.slice(0, 15) : a.Name === value))
    .slice(0, Number(limit ?? 2000))
    .map((a) => ({
      attributes: { type: 'Account', url: `/services/data/v${API_VERSION}/sobjects/Account/${a.Id}` },
      ...Object.fromEntries(fields.map((f) => [f, a[f as 'Id' | 'Name']])),
    }));
  return { status: 200, body: { totalSize: records.length, done: true, records } };
}

/** Why the org refuses to save these Case fields (a new Case when there is no `existing`), or []. */
export function caseErrors(
  org: OrgData,
  fields: Record<string, unknown>,
  existing: SalesforceCase | undefined,
): Errors {
  const unknown = Object.keys(fields).find((name) => !isCaseField(org, name));
  if (unknown) return refused('INVALID_FIELD', `No such column '${unknown}' on sobject of type Case`, []);
  const readOnly = ['Id', 'CaseNumber'].find((name) => name in fields);
  if (readOnly)
    return refused('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${readOnly}.`, [readOnly]);
  const missing = existing ? [] : [...org.requiredCaseFields].filter((name) => !fields[name]);
  if (missing.length > 0)
    return refused('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  const { Subject, Status, AccountId } = fields as Record<string, string | undefined>;
  if (Subject && Subject.length > 255)
    return refused('STRING_TOO_LONG', `Subject: data value too large: ${Subject.slice(0, 20)}... (max length=255)`, [
      'Subject',
    ]);
  if (Status !== undefined && !org.caseStatuses.has(Status))
    return refused(
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `Status: bad value for restricted picklist field: ${Status}`,
      ['Status'],
    );
  if (AccountId !== undefined && !org.accounts.some((a) => a.Id === AccountId))
    return refused('FIELD_INTEGRITY_EXCEPTION', `Account ID: id value of incorrect type: ${AccountId}`, ['AccountId']);
  return [];
}

/** A Case as GET /sobjects/Case/<id>?fields=… answers it, or the org's refusal of a field it lacks. */
export function caseRead(
  org: OrgData,
  record: SalesforceCase,
  fieldList: string | null,
): { status: number; body: unknown } {
  const fields = fieldList ? fieldList.split(',') : Object.keys(record);
  const unknown = fields.find((f) => !isCaseField(org, f));
  if (unknown)
    return { status: 400, body: refused('INVALID_FIELD', `No such column '${unknown}' on sobject of type Case`) };
  return {
    status: 200,
    body: {
      attributes: { type: 'Case', url: `/services/data/v${API_VERSION}/sobjects/Case/${record.Id}` },
      Id: record.Id,
      ...Object.fromEntries(fields.map((f) => [f, record[f] ?? null])),
    },
  };
}
