/**
 * The Salesforce sandbox speaks the REST API as salesforce-api.md §4.3–4.10 describes it:
 * token endpoint answers and errors, Bearer sessions, SOQL pages with nextRecordsUrl,
 * updates one at a time and in collections, the daily limit, and a seed whose defects and
 * Zendesk counterparts agree with each other. Wire shapes are checked with plain fetch;
 * jsforce itself drives the rest.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalId, idSuffix, recordId } from '../../scripts/sandbox/salesforce/ids.ts';
import {
  largeSalesforceSeed,
  mappedOrganizationFields,
  salesforceSeed,
  SEEDED_ACCOUNT_IDS,
  SEEDED_DEFECTS,
  SEEDED_ZENDESK_ORGANIZATIONS,
} from '../../scripts/sandbox/salesforce/seed.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../scripts/sandbox/salesforce/server.ts';

let sf: SalesforceSandbox;
let token: string;
const clock = Date.parse('2026-05-04T10:00:00Z');

async function call(method: string, path: string, options: { body?: unknown; form?: Record<string, string>; auth?: string | null } = {}) {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? token : options.auth;
  if (auth) headers.Authorization = `Bearer ${auth}`;
  let body: string | undefined;
  if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${sf.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const clientForm = () => ({ grant_type: 'client_credentials', client_id: sf.credentials.clientId, client_secret: sf.credentials.clientSecret });
const query = (soql: string) => call('GET', `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`);

beforeAll(async () => {
  sf = await startSalesforceSandbox({ now: () => clock });
  token = (await call('POST', '/services/oauth2/token', { form: clientForm(), auth: null })).body.access_token;
});
afterAll(() => sf.close());
afterEach(() => sf.clearFaults());

describe('POST /services/oauth2/token (§4.3)', () => {
  it('grants client credentials and password logins with the body jsforce reads', async () => {
    const { status, body } = await call('POST', '/services/oauth2/token', { form: clientForm(), auth: null });
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^00D\w{12}!AQ/),
      instance_url: sf.url,
      id: expect.stringMatching(new RegExp(`^${sf.url}/id/00D\\w{15}/005\\w{15}$`)),
      token_type: 'Bearer',
      issued_at: String(clock),
      signature: expect.any(String),
      scope: 'api',
    });
    const password = await call('POST', '/services/oauth2/token', {
      form: { ...clientForm(), grant_type: 'password', username: sf.credentials.username, password: sf.credentials.password },
      auth: null,
    });
    expect(password.status).toBe(200);
  });

  it('answers OAuth errors with 400 as Salesforce words them', async () => {
    const refused = async (form: Record<string, string>) => {
      const reply = await call('POST', '/services/oauth2/token', { form, auth: null });
      expect(reply.status).toBe(400);
      return reply.body;
    };
    expect(await refused({ ...clientForm(), grant_type: 'password', username: sf.credentials.username, password: 'wrong' })).toEqual({
      error: 'invalid_grant',
      error_description: 'authentication failure',
    });
    expect(await refused({ ...clientForm(), client_secret: 'wrong' })).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
    expect(await refused({ ...clientForm(), client_id: 'wrong' })).toEqual({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
    expect(await refused({ ...clientForm(), grant_type: 'authorization_code' })).toEqual({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  });
});

describe('sessions, versions and limits', () => {
  it('refuses a data route without a valid session: 401 INVALID_SESSION_ID as a JSON array', async () => {
    for (const auth of [null, 'made-up']) {
      const reply = await call('GET', '/services/data/v62.0/limits', { auth });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
  });

  it('lists the versions it serves and answers 404 NOT_FOUND under any other', async () => {
    const versions = await call('GET', '/services/data/', { auth: null });
    expect(versions.body).toContainEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    const old = await call('GET', '/services/data/v41.0/limits');
    expect(old.status).toBe(404);
    expect(old.body).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  });

  it('counts the daily allocation, reports it in Sforce-Limit-Info and /limits, and refuses past it', async () => {
    sf.setDailyLimit(1_000, { used: 0 });
    const limits = await call('GET', '/services/data/v62.0/limits');
    expect(limits.headers.get('sforce-limit-info')).toBe('api-usage=1/1000');
    expect(limits.body.DailyApiRequests).toEqual({ Max: 1_000, Remaining: 999 });
    sf.setDailyLimit(1);
    const refused = await query('SELECT Id FROM Account');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    sf.setDailyLimit(100_000);
  });

  it('injected faults answer with the Salesforce error body, then stop', async () => {
    sf.injectFault({ path: '/services/data/v62.0/query', status: 401, errorCode: 'INVALID_SESSION_ID', times: 1 });
    expect((await query('SELECT Id FROM Account')).body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect((await query('SELECT Id FROM Account')).status).toBe(200);
  });
});

describe('GET …/query (§4.4)', () => {
  it('returns records with attributes, nested Owner objects, and nulls present', async () => {
    const { status, body } = await query("SELECT Id, Name, Owner.Name, ARR__c, Support_Expiry__c FROM Account WHERE Name IN ('Acme Corp', 'Soylent') ORDER BY Name");
    expect(status).toBe(200);
    expect(body).toEqual({
      totalSize: 2,
      done: true,
      records: [
        {
          attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${SEEDED_ACCOUNT_IDS.acme}` },
          Id: SEEDED_ACCOUNT_IDS.acme,
          Name: 'Acme Corp',
          Owner: { attributes: { type: 'User', url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/User\/005/) }, Name: 'Jane Doe' },
          ARR__c: 250_000,
          Support_Expiry__c: '2027-03-31',
        },
        expect.objectContaining({ Name: 'Soylent', Owner: null, ARR__c: null }),
      ],
    });
  });

  it('filters with IN, =, != null, AND/OR in parentheses, NOT and LIKE', async () => {
    const names = async (where: string) => (await query(`SELECT Name FROM Account WHERE ${where} ORDER BY Name`)).body.records.map((r: { Name: string }) => r.Name);
    expect(await names("Type = 'Prospect'")).toEqual(['Pied Piper']);
    expect(await names("Type IN ('Former Customer') AND Zendesk_Organization_Id__c != null")).toEqual(['Sirius Cybernetics', 'Wonka Industries']);
    expect(await names("Type = 'Customer' AND Zendesk_Organization_Id__c = null")).toEqual(['Tyrell Corporation', 'Vandelay Industries']);
    expect(await names("(Name LIKE 'massive%' OR Name = 'hooli') AND NOT Region__c = 'EMEA'")).toEqual(['Hooli', 'Massive Dynamic']);
    expect(await names('ARR__c >= 500000')).toEqual(['Stark Industries', 'Tyrell Corporation']);
    expect(await names("Owner.Name = 'Sam Rivera' AND Type NOT IN ('Customer')")).toEqual(['Pied Piper']);
  });

  it('answers 400 MALFORMED_QUERY, INVALID_FIELD and INVALID_TYPE as Salesforce words them', async () => {
    const malformed = await query("SELECT Id FROM Account WHERE Type = 'Customer' OR Type = 'Prospect' AND Name = 'x'");
    expect(malformed.status).toBe(400);
    expect(malformed.body[0].errorCode).toBe('MALFORMED_QUERY');
    expect(malformed.body[0].message).toMatch(/ERROR at Row:1:Column:\d+\nunexpected token: 'AND'$/);
    expect((await query('SELECT Id FROM Account GROUP BY Name')).body[0].errorCode).toBe('MALFORMED_QUERY');

    const field = await query('SELECT Id, Support_Tier__c FROM Account');
    expect(field.body).toEqual([
      {
        errorCode: 'INVALID_FIELD',
        message:
          "\nSELECT Id, Support_Tier__c FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Support_Tier__c' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
      },
    ]);
    expect((await query('SELECT Ownr.Name FROM Account')).body[0].message).toContain("Didn't understand relationship 'Ownr' in field path.");
    expect((await query("SELECT Id FROM Account WHERE ARR__c = '5'")).body[0].message).toContain("value of filter criterion for field 'ARR__c' must be of type double");
    expect((await query('SELECT Id FROM Acount')).body[0]).toMatchObject({ errorCode: 'INVALID_TYPE', message: expect.stringContaining("sObject type 'Acount' is not supported.") });
  });

  it('pages 2,000 records at a time with nextRecordsUrl …/query/<locator>-2000, from a snapshot', async () => {
    const big = await startSalesforceSandbox({ seed: largeSalesforceSeed(4_500) });
    try {
      const bigToken = (await fetch(`${big.url}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams(clientForm()) }).then((r) => r.json())).access_token;
      const get = (path: string) => fetch(`${big.url}${path}`, { headers: { Authorization: `Bearer ${bigToken}` } }).then((r) => r.json());
      const first = await get(`/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Account ORDER BY Id')}`);
      expect(first).toMatchObject({ totalSize: 4_500, done: false, nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v62\.0\/query\/01g\w+-2000$/) });
      expect(first.records).toHaveLength(2_000);
      // Accounts added after the query ran do not show up in its later pages.
      big.addAccount({ Name: 'Late Arrival', Type: 'Customer' });
      const second = await get(first.nextRecordsUrl);
      expect(second).toMatchObject({ totalSize: 4_500, done: false, nextRecordsUrl: expect.stringMatching(/-4000$/) });
      const third = await get(second.nextRecordsUrl);
      expect(third.done).toBe(true);
      expect(third.nextRecordsUrl).toBeUndefined();
      expect(third.records).toHaveLength(500);
      expect(new Set([...first.records, ...second.records, ...third.records].map((r: { Id: string }) => r.Id)).size).toBe(4_500);
      expect(await get('/services/data/v62.0/query/01gnothing-2000')).toEqual([{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]);
    } finally {
      await big.close();
    }
  });
});

describe('updates (§4.5)', () => {
  it('PATCH sobjects/Account/{Id}: 204, then the field reads back; unknown and malformed ids refused', async () => {
    const id = SEEDED_ACCOUNT_IDS.tyrell;
    const patched = await call('PATCH', `/services/data/v62.0/sobjects/Account/${id}`, { body: { Zendesk_Organization_Id__c: '360000000999' } });
    expect(patched.status).toBe(204);
    expect(patched.body).toBeUndefined();
    const account = sf.state().accounts.find((a) => a.Id === id)!;
    expect(account.Zendesk_Organization_Id__c).toBe('360000000999');
    expect(account.LastModifiedDate).toBe('2026-05-04T10:00:00.000+0000');
    // A 15-character id names the same record.
    expect((await call('PATCH', `/services/data/v62.0/sobjects/Account/${id.slice(0, 15)}`, { body: { Zendesk_Organization_Id__c: null } })).status).toBe(204);

    const unknown = await call('PATCH', `/services/data/v62.0/sobjects/Account/${recordId('001', 424_242)}`, { body: { Name: 'x' } });
    expect(unknown).toMatchObject({ status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] });
    const malformed = await call('PATCH', '/services/data/v62.0/sobjects/Account/001bogus', { body: { Name: 'x' } });
    expect(malformed).toMatchObject({ status: 400, body: [{ errorCode: 'MALFORMED_ID' }] });
    const readOnly = await call('PATCH', `/services/data/v62.0/sobjects/Account/${id}`, { body: { CreatedDate: '2020-01-01' } });
    expect(readOnly.body[0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('PATCH composite/sobjects: per-record results in order, statusCode in errors, ≤ 200, allOrNone rolls back', async () => {
    const { acme, globex } = SEEDED_ACCOUNT_IDS;
    const record = (id: string, value: string) => ({ attributes: { type: 'Account' }, id, Zendesk_Organization_Id__c: value });
    const mixed = await call('PATCH', '/services/data/v62.0/composite/sobjects', {
      body: { allOrNone: false, records: [record(acme, 'a1'), record('001bogus', 'x'), record(recordId('001', 424_242), 'y')] },
    });
    expect(mixed.status).toBe(200);
    expect(mixed.body).toEqual([
      { id: acme, success: true, errors: [] },
      { success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id 001bogus', fields: ['Id'] }] },
      { success: false, errors: [{ statusCode: 'NOT_FOUND', message: 'The requested resource does not exist', fields: [] }] },
    ]);

    const rolledBack = await call('PATCH', '/services/data/v62.0/composite/sobjects', { body: { allOrNone: true, records: [record(globex, 'g1'), record('001bogus', 'x')] } });
    expect(rolledBack.body[0]).toMatchObject({ success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' }] });
    expect(sf.state().accounts.find((a) => a.Id === globex)?.Zendesk_Organization_Id__c).toBe('1500000000051');

    const tooMany = await call('PATCH', '/services/data/v62.0/composite/sobjects', { body: { allOrNone: false, records: Array.from({ length: 201 }, () => record(acme, 'x')) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
  });
});

describe('ids and seeds', () => {
  it('makes and reads 18-character ids as Salesforce does', () => {
    expect(idSuffix('001A0000006Vm9r')).toBe('IAC');
    expect(canonicalId('001a0000006vm9riac')).toBe('001A0000006Vm9rIAC');
    expect(canonicalId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(canonicalId('001A0000006Vm9rIAD')).toBeUndefined();
    expect(canonicalId('001-not-an-id')).toBeUndefined();
  });

  it('names every seeded defect with accounts and organizations that exist on both sides', () => {
    const seed = salesforceSeed();
    const accountIds = new Set(seed.accounts.map((a) => a.Id));
    const organizationIds = new Set(SEEDED_ZENDESK_ORGANIZATIONS.map((o) => o.id));
    expect(new Set(SEEDED_DEFECTS.map((d) => d.kind))).toEqual(
      new Set(['id_mismatch_account', 'id_mismatch_organization', 'duplicate_accounts', 'duplicate_organizations', 'organization_without_account', 'customer_without_organization', 'type_mismatch']),
    );
    for (const defect of SEEDED_DEFECTS) {
      for (const id of defect.accountIds) expect(accountIds, defect.description).toContain(id);
      for (const id of defect.organizationIds) expect(organizationIds, defect.description).toContain(id);
    }
    // Every Zendesk id an account names is an organization the Zendesk side is asked for.
    for (const account of seed.accounts) {
      if (account.Zendesk_Organization_Id__c) expect(organizationIds, account.Name).toContain(Number(account.Zendesk_Organization_Id__c));
    }
    // The linked organizations carry exactly the mapped fields, so only the defects differ.
    const umbrella = seed.accounts.find((a) => a.Name === 'Umbrella Corporation')!;
    expect(SEEDED_ZENDESK_ORGANIZATIONS.find((o) => o.name === 'Umbrella Corporation')?.organization_fields).toEqual(mappedOrganizationFields(umbrella, seed.users));
    expect(SEEDED_ZENDESK_ORGANIZATIONS.find((o) => o.name === 'Umbrella Corporation')?.organization_fields).toMatchObject({
      account_type: 'customer',
      account_owner: 'Priya Natarajan',
      support_level: 'premium',
      arr_band: 'arr_large',
    });
  });

  it('builds the 50,000-account bench org the same way every time, quickly', () => {
    const started = performance.now();
    const seed = largeSalesforceSeed(50_000);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(seed.accounts).toHaveLength(50_000);
    expect(new Set(seed.accounts.map((a) => a.Id)).size).toBe(50_000);
    expect(largeSalesforceSeed(50_000).accounts[49_999]).toEqual(seed.accounts[49_999]);
    expect(seed.accounts.filter((a) => a.Type === 'Prospect')).toHaveLength(2_000);
  });
});
