/**
 * The Salesforce client through jsforce itself against the loopback Salesforce sandbox:
 * both login flows, every page of a large org, relationship fields flattened, Zendesk ids
 * written back 200 at a time, and each failure a user can meet as one line that names
 * Salesforce's errorCode and what to check, never a secret.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectSalesforce, flatten, MAX_RELOGINS, readAccounts, SalesforceError, updateZendeskIds, type SalesforceConnection } from '../../scripts/salesforce/client.ts';
import { recordId } from '../../scripts/sandbox/salesforce/ids.ts';
import { largeSalesforceSeed, SEEDED_ACCOUNT_IDS } from '../../scripts/sandbox/salesforce/seed.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../scripts/sandbox/salesforce/server.ts';

const API_VERSION = '62.0';
const TYPES = ['Customer', 'Former Customer'];
const FIELDS = ['Owner.Name', 'Support_Level__c', 'Region__c', 'Support_Expiry__c', 'ARR__c', 'Zendesk_Organization_Id__c'];
const TOKEN = 'POST /services/oauth2/token';
const QUERY = `GET /services/data/v${API_VERSION}/query`;
const QUERY_MORE = `GET /services/data/v${API_VERSION}/query/:locator`;
const COMPOSITE = `PATCH /services/data/v${API_VERSION}/composite/sobjects`;

const clientEnv = (sf: SalesforceSandbox) => ({ SF_LOGIN_URL: sf.url, SF_CLIENT_ID: sf.credentials.clientId, SF_CLIENT_SECRET: sf.credentials.clientSecret });
const passwordEnv = (sf: SalesforceSandbox) => ({ ...clientEnv(sf), SF_USERNAME: sf.credentials.username, SF_PASSWORD: sf.credentials.password });
const connect = (sf: SalesforceSandbox, env: Record<string, string | undefined> = clientEnv(sf)) => connectSalesforce(env, { apiVersion: API_VERSION });

/** The error a promise rejects with, checked to be one SalesforceError line without the sandbox's secrets. */
async function failure(promise: Promise<unknown>, sf: SalesforceSandbox): Promise<SalesforceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SalesforceError);
  const message = (error as SalesforceError).message;
  expect(message).not.toContain('\n');
  expect(message).not.toContain(sf.credentials.clientSecret);
  expect(message).not.toContain(sf.credentials.password);
  return error as SalesforceError;
}

describe('the seeded org', () => {
  let sf: SalesforceSandbox;
  const proxies = { https_proxy: process.env.https_proxy, HTTP_PROXY: process.env.HTTP_PROXY };
  beforeAll(async () => {
    sf = await startSalesforceSandbox();
  });
  afterAll(async () => {
    await sf.close();
    for (const [name, value] of Object.entries(proxies)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  afterEach(() => {
    sf.clearFaults();
    sf.resetRequestCounts();
  });

  // First in the file, so it is the call that loads jsforce: with a proxy no one listens on,
  // the login would fail if jsforce had picked it up.
  it('reaches a loopback Salesforce past http(s)_proxy, and leaves the variables as they were', async () => {
    process.env.https_proxy = 'http://127.0.0.1:9';
    process.env.HTTP_PROXY = 'http://127.0.0.1:9';
    const conn = await connect(sf);
    expect(conn.flow).toBe('client_credentials');
    expect(process.env.https_proxy).toBe('http://127.0.0.1:9');
    expect(process.env.HTTP_PROXY).toBe('http://127.0.0.1:9');
    expect((await readAccounts(conn, { types: TYPES, fields: [] })).accounts.length).toBeGreaterThan(0);
  });

  it('reads Customer and Former Customer accounts, relationship fields flattened and nulls kept', async () => {
    const conn = await connect(sf);
    const { accounts, pages } = await readAccounts(conn, { types: TYPES, fields: FIELDS });
    expect(pages).toBe(1);
    expect(accounts.map((a) => a.Name)).not.toContain('Pied Piper');
    expect(new Set(accounts.map((a) => a.Type))).toEqual(new Set(TYPES));
    expect(accounts.find((a) => a.Id === SEEDED_ACCOUNT_IDS.acme)).toEqual({
      Id: SEEDED_ACCOUNT_IDS.acme,
      Name: 'Acme Corp',
      Type: 'Customer',
      fields: {
        'Owner.Name': 'Jane Doe',
        Support_Level__c: 'Premium',
        Region__c: 'EMEA',
        Support_Expiry__c: '2027-03-31',
        ARR__c: 250_000,
        Zendesk_Organization_Id__c: '1500000000050',
      },
    });
    // Soylent has no owner (the relationship is null as a whole) and no ARR.
    expect(accounts.find((a) => a.Name === 'Soylent')?.fields).toMatchObject({ 'Owner.Name': null, ARR__c: null });
    expect(sf.requestCounts()).toEqual({ [TOKEN]: 1, [QUERY]: 1 });
  });

  it('logs in with the OAuth username-password flow when SF_USERNAME and SF_PASSWORD are set', async () => {
    const conn = await connect(sf, passwordEnv(sf));
    expect(conn.flow).toBe('password');
    expect((await readAccounts(conn, { types: ['Customer'], fields: [] })).accounts).toHaveLength(14);

    const error = await failure(connect(sf, { ...passwordEnv(sf), SF_PASSWORD: 'wrong-passwordTOKEN' }), sf);
    expect(error.errorCode).toBe('invalid_grant');
    expect(error.message).toContain('Salesforce refused the credentials (invalid_grant: authentication failure): check SF_USERNAME and SF_PASSWORD');
    expect(error.message).not.toContain('wrong-passwordTOKEN');
  });

  it('bad credentials: one line naming the variables, and no data route is asked', async () => {
    const secret = 'not-the-secret-123';
    const error = await failure(connect(sf, { ...clientEnv(sf), SF_CLIENT_SECRET: secret }), sf);
    expect(error.message).toBe(`Salesforce refused the credentials (invalid_client: invalid client credentials): check SF_CLIENT_ID and SF_CLIENT_SECRET for ${sf.url} (SF_LOGIN_URL)`);
    expect(error.message).not.toContain(secret);
    const unknownApp = await failure(connect(sf, { ...clientEnv(sf), SF_CLIENT_ID: 'someone-else' }), sf);
    expect(unknownApp.message).toContain("(invalid_client_id: client identifier invalid): check SF_CLIENT_ID (the connected app's consumer key)");
    expect(Object.keys(sf.requestCounts())).toEqual([TOKEN]);
  });

  it('refuses http:// to another host and a missing secret before sending anything', async () => {
    const insecure = await failure(connectSalesforce({ ...clientEnv(sf), SF_LOGIN_URL: 'http://acme.my.salesforce.com' }, { apiVersion: API_VERSION }), sf);
    expect(insecure.message).toContain('SF_LOGIN_URL uses http:// for acme.my.salesforce.com, which would send the credentials unencrypted');
    const missing = await failure(connectSalesforce({ SF_LOGIN_URL: sf.url, SF_CLIENT_ID: 'x' }, { apiVersion: API_VERSION }), sf);
    expect(missing.message).toContain('set SF_CLIENT_ID and SF_CLIENT_SECRET');
    expect(sf.requestCounts()).toEqual({});
  });

  it('an unknown field is INVALID_FIELD and a refused query MALFORMED_QUERY, each one line', async () => {
    const conn = await connect(sf);
    const unknown = await failure(readAccounts(conn, { types: TYPES, fields: ['Support_Tier__c'] }), sf);
    expect(unknown.errorCode).toBe('INVALID_FIELD');
    expect(unknown.message).toContain("Salesforce rejected the account query (INVALID_FIELD: No such column 'Support_Tier__c' on entity 'Account' (column 24))");
    expect(unknown.message).toContain('check the Account fields in config/salesforce.yaml');

    sf.injectFault({ path: `/services/data/v${API_VERSION}/query`, status: 400, errorCode: 'MALFORMED_QUERY', message: "\nSELECT Id FROM Account WHERE Type IN ()\n                                     ^\nERROR at Row:1:Column:38\nunexpected token: ')'", times: 1 });
    const malformed = await failure(readAccounts(conn, { types: TYPES, fields: [] }), sf);
    expect(malformed.errorCode).toBe('MALFORMED_QUERY');
    expect(malformed.message).toContain("(MALFORMED_QUERY: unexpected token: ')' (column 38))");
  });

  it('an account type with quotes is one SOQL literal: it selects its own accounts and never widens the query', async () => {
    const conn = await connect(sf);
    sf.addAccount({ Name: "O'Brien & Sons", Type: "Partner's Customer" });
    const quoted = await readAccounts(conn, { types: ["Partner's Customer"], fields: [] });
    expect(quoted.accounts.map((a) => a.Name)).toEqual(["O'Brien & Sons"]);
    for (const hostile of ["x' OR Name != '", "x\\' OR Name != '", 'x\\', "') OR (Name != '"]) {
      expect((await readAccounts(conn, { types: [hostile], fields: [] })).accounts).toEqual([]);
    }
  });

  it('a record missing a selected field is refused, never read as an empty value the sync would clear', () => {
    const record = { attributes: { type: 'Account' }, Id: SEEDED_ACCOUNT_IDS.acme, Name: 'Acme Corp', Type: 'Customer', Owner: null };
    expect(flatten({ ...record, Region__c: null }, ['Owner.Name', 'Region__c']).fields).toEqual({ 'Owner.Name': null, Region__c: null });
    expect(() => flatten(record, ['Owner.Name', 'Region__c'])).toThrow(/an account record without Region__c/);
    expect(() => flatten({ ...record, Owner: { attributes: {} } }, ['Owner.Name'])).toThrow(/without Owner\.Name/);
  });

  it('REQUEST_LIMIT_EXCEEDED: one line that says the daily allocation is used up', async () => {
    const conn = await connect(sf);
    sf.setDailyLimit(10, { used: 10 });
    try {
      const error = await failure(readAccounts(conn, { types: TYPES, fields: [] }), sf);
      expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
      expect(error.message).toMatch(/^Salesforce refused the account query \(REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded\.\): the org's daily API allocation is used up/);
    } finally {
      sf.setDailyLimit(100_000, { used: 0 });
    }
  });
});

describe('a large org', () => {
  let sf: SalesforceSandbox;
  let conn: SalesforceConnection;
  beforeAll(async () => {
    sf = await startSalesforceSandbox({ seed: largeSalesforceSeed(4_500) });
    conn = await connect(sf);
    sf.resetRequestCounts();
  });
  afterAll(() => sf.close());
  afterEach(() => {
    sf.clearFaults();
    sf.resetRequestCounts();
  });
  const customers = () => largeSalesforceSeed(4_500).accounts.filter((a) => a.Type !== 'Prospect');

  it('reads 4,500 accounts in 3 pages of at most 2,000', async () => {
    const { accounts, pages } = await readAccounts(conn, { types: TYPES, fields: ['Owner.Name'] });
    expect(customers().length).toBeGreaterThan(4_000);
    expect(accounts.map((a) => a.Id)).toEqual(customers().map((a) => a.Id));
    expect(pages).toBe(3);
    expect(sf.requestCounts()).toEqual({ [QUERY]: 1, [QUERY_MORE]: 2 });
    expect(accounts[0].fields['Owner.Name']).toBe('Owner 3'); // accounts 1 and 2 are Prospects
  });

  it('INVALID_SESSION_ID mid-run: logs in again and reads on', async () => {
    sf.injectFault({ path: QUERY_MORE.slice(4), status: 401, errorCode: 'INVALID_SESSION_ID', times: 1 });
    const { accounts, pages } = await readAccounts(conn, { types: TYPES, fields: [] });
    expect(accounts).toHaveLength(customers().length);
    expect(pages).toBe(3);
    expect(sf.requestCounts()[TOKEN]).toBe(1);
  });

  it('INVALID_SESSION_ID mid-run with the credential since revoked: one line, the credentials named', async () => {
    sf.injectFault({ path: QUERY_MORE.slice(4), status: 401, errorCode: 'INVALID_SESSION_ID', times: 1 });
    sf.injectFault({ path: '/services/oauth2/token', status: 400, errorCode: 'invalid_grant', message: 'expired access/refresh token', times: 1 });
    const error = await failure(readAccounts(conn, { types: TYPES, fields: [] }), sf);
    expect(error.message).toContain('Salesforce refused the credentials (invalid_grant: expired access/refresh token): check SF_CLIENT_ID and SF_CLIENT_SECRET');
  });

  it('a session refused even after fresh logins stops after a few, instead of looping', async () => {
    sf.injectFault({ path: QUERY.slice(4), status: 401, errorCode: 'INVALID_SESSION_ID', times: 50 });
    const error = await failure(readAccounts(conn, { types: TYPES, fields: [] }), sf);
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
    expect(error.message).toContain(`refused the session again after ${MAX_RELOGINS} fresh logins`);
    expect(sf.requestCounts()[TOKEN]).toBeLessThanOrEqual(MAX_RELOGINS);
  });

  it('writes 450 Zendesk ids in 3 calls; one unknown account is reported alone', async () => {
    const targets = customers().slice(0, 450);
    const gone = recordId('001', 999_999);
    const updates = targets.map((a, i) => ({ Id: i === 300 ? gone : a.Id, value: 7_000_000 + i }));
    const { results, calls } = await updateZendeskIds(conn, 'Zendesk_Organization_Id__c', updates);
    expect(calls).toBe(3);
    expect(sf.requestCounts()[COMPOSITE]).toBe(3);
    expect(results).toHaveLength(450);
    expect(results.filter((r) => !r.ok)).toEqual([{ Id: gone, ok: false, errorCode: 'NOT_FOUND', error: 'NOT_FOUND: The requested resource does not exist' }]);
    const stored = new Map(sf.state().accounts.map((a) => [a.Id, a.Zendesk_Organization_Id__c]));
    expect(stored.get(targets[0].Id)).toBe('7000000');
    expect(stored.get(targets[449].Id)).toBe('7000449');
    expect(stored.get(targets[300].Id)).toBe(targets[300].Zendesk_Organization_Id__c);
  });

  it('a malformed id is refused alone too, and a session expired between read and write is renewed', async () => {
    sf.expireSessions();
    const [first] = customers();
    const { results, calls } = await updateZendeskIds(conn, 'Zendesk_Organization_Id__c', [
      { Id: first.Id, value: '123' },
      { Id: '001-not-an-id', value: '456' },
    ]);
    expect(calls).toBe(1);
    expect(results).toEqual([
      { Id: first.Id, ok: true },
      { Id: '001-not-an-id', ok: false, errorCode: 'MALFORMED_ID', error: 'MALFORMED_ID: malformed id 001-not-an-id' },
    ]);
    expect(sf.requestCounts()[TOKEN]).toBe(1);
  });

  it('the daily limit running out mid-write says how far it got', async () => {
    const used = sf.state().apiUsage.used;
    sf.setDailyLimit(used + 1);
    try {
      const updates = customers().slice(0, 450).map((a) => ({ Id: a.Id, value: '1' }));
      const error = await failure(updateZendeskIds(conn, 'Zendesk_Organization_Id__c', updates), sf);
      expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
      expect(error.message).toContain('(200 of 450 accounts were updated before it stopped; a re-run writes the rest)');
    } finally {
      sf.setDailyLimit(100_000);
    }
  });
});
