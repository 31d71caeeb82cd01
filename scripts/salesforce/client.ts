/**
 * The only code that talks to Salesforce, through jsforce 3.10.16: log in, read the accounts
 * a sync needs (every page), write Zendesk organization ids back in batches of 200. Every
 * failure is one `SalesforceError` line (errors.ts). Facts cited from
 * ../shared/reference/salesforce-api.md (§).
 *
 * The credential comes from the environment handed in (never read here from process.env):
 * SF_LOGIN_URL (default https://login.salesforce.com), SF_CLIENT_ID and SF_CLIENT_SECRET for
 * the client credentials flow, plus SF_USERNAME and SF_PASSWORD for the OAuth
 * username-password flow (never SOAP login, which ends with API 65.0, §4.1).
 */
import type { SalesforceAccount } from './match.ts';
import type { Connection } from 'jsforce';
import { SalesforceError, toSalesforceError, type ErrorContext, type SalesforceOperation } from './errors.ts';

export { SalesforceError } from './errors.ts';

export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';
/** sObject Collections take at most 200 records a call (§4.5). */
export const UPDATE_BATCH_SIZE = 200;
/**
 * How often one operation (a read, a write-back) logs in again after Salesforce calls its session expired. jsforce
 * replays the request after each refresh with no cap, so a server that keeps refusing fresh
 * sessions would loop forever (§4.7); a run takes minutes, sessions last hours.
 */
export const MAX_RELOGINS = 3;

export type LoginFlow = 'client_credentials' | 'password';

export interface SalesforceConnection {
  readonly connection: Connection;
  readonly apiVersion: string;
  /** Scheme, host and port of SF_LOGIN_URL: safe to print. */
  readonly loginOrigin: string;
  readonly flow: LoginFlow;
  /** The variables the credential came from, for messages. */
  readonly credentialVariables: readonly string[];
}

/** What readAccounts returns: the sync's own record (match.ts), relationship fields flattened (`Owner.Name`). */
export type { SalesforceAccount };

export interface ZendeskIdUpdate {
  Id: string;
  /** The Zendesk organization id; null clears the field. */
  value: string | number | null;
}

export type ZendeskIdUpdateResult = { Id: string; ok: true } | { Id: string; ok: false; errorCode: string; error: string };

interface Session {
  secrets: string[];
  relogins: number;
  /** Why the last attempt to log in again failed: jsforce keeps only its message. */
  refreshFailure?: SalesforceError;
}

/** Kept apart from the connection object so that printing it never shows a secret. */
const sessions = new WeakMap<SalesforceConnection, Session>();

interface SalesforceTarget {
  loginUrl: string;
  loginOrigin: string;
  loopback: boolean;
  flow: LoginFlow;
  clientId: string;
  clientSecret: string;
  username?: string;
  password?: string;
  variables: string[];
}

export async function connectSalesforce(env: Record<string, string | undefined>, options: { apiVersion: string }): Promise<SalesforceConnection> {
  const target = readSalesforceTarget(env);
  if (!/^\d{2,3}\.0$/.test(options.apiVersion)) {
    throw new SalesforceError({ operation: 'login', errorCode: 'SETUP', message: `api_version ${JSON.stringify(options.apiVersion)} is not a Salesforce API version; expected something like "62.0"` });
  }
  const session: Session = { secrets: [target.clientSecret, target.password ?? ''].filter(Boolean), relogins: 0 };
  const context = (operation: SalesforceOperation): ErrorContext => ({ operation, credentialVariables: target.variables, loginOrigin: target.loginOrigin, secrets: session.secrets });
  const grant: { grant_type: string; [name: string]: string } =
    target.flow === 'password' ? { grant_type: 'password', username: target.username ?? '', password: target.password ?? '' } : { grant_type: 'client_credentials' };

  const { Connection } = await loadJsforce(target.loopback);
  const connection = new Connection({
    oauth2: { loginUrl: target.loginUrl, clientId: target.clientId, clientSecret: target.clientSecret },
    version: options.apiVersion,
    // On 401 INVALID_SESSION_ID jsforce asks for a new session here, then replays the request (§4.7).
    // The same grant again: client credentials and password flows issue no refresh token (§4.3).
    refreshFn: (conn, callback) => {
      if (session.relogins >= MAX_RELOGINS) {
        const refused = new SalesforceError({
          operation: 'login',
          errorCode: 'INVALID_SESSION_ID',
          message: `Salesforce refused the session again after ${MAX_RELOGINS} fresh logins (INVALID_SESSION_ID): check that the integration user may use the API and that ${target.loginOrigin} (SF_LOGIN_URL) is the org's login URL`,
        });
        session.refreshFailure = refused;
        callback(refused);
        return;
      }
      session.relogins += 1;
      conn.authorize(grant).then(
        () => callback(null, conn.accessToken ?? undefined),
        (error: unknown) => {
          session.refreshFailure = toSalesforceError(error, context('login'));
          callback(session.refreshFailure);
        },
      );
    },
  });
  try {
    await connection.authorize(grant);
  } catch (error) {
    throw toSalesforceError(error, context('login'));
  }
  // Every later request carries the token to instance_url: it must be encrypted too.
  requireEncryption(connection.instanceUrl, 'the instance_url Salesforce answered with');
  const handle: SalesforceConnection = { connection, apiVersion: options.apiVersion, loginOrigin: target.loginOrigin, flow: target.flow, credentialVariables: target.variables };
  sessions.set(handle, session);
  return handle;
}

/**
 * Every account of the given types, following nextRecordsUrl to the end (§4.4). Not jsforce's
 * autoFetch: it stops silently at maxFetch (10,000 by default) with `done: false`.
 */
export async function readAccounts(conn: SalesforceConnection, options: { types: readonly string[]; fields: readonly string[] }): Promise<{ accounts: SalesforceAccount[]; pages: number }> {
  if (options.types.length === 0) {
    throw new SalesforceError({ operation: 'query', errorCode: 'SETUP', message: 'No account types to read: account_types in config/salesforce.yaml is empty' });
  }
  const fields = selectList(options.fields);
  const soql = `SELECT ${fields.join(', ')} FROM Account WHERE Type IN (${options.types.map(soqlString).join(', ')}) ORDER BY Id`;
  return withErrors(conn, 'query', undefined, async () => {
    const accounts: SalesforceAccount[] = [];
    let page = checkPage(await conn.connection.query(soql));
    let pages = 1;
    for (;;) {
      for (const record of page.records) accounts.push(flatten(record, options.fields));
      if (page.done) break;
      if (!page.nextRecordsUrl) throw shapeError('a page with done: false and no nextRecordsUrl');
      page = checkPage(await conn.connection.queryMore(page.nextRecordsUrl));
      pages += 1;
    }
    return { accounts, pages };
  });
}

/**
 * Writes `field` (e.g. Zendesk_Organization_Id__c) on each account, 200 per PATCH
 * composite/sobjects call with allOrNone false (§4.5), so one refused account does not hold
 * back the others. Results come in input order, one per update.
 */
export async function updateZendeskIds(conn: SalesforceConnection, field: string, updates: readonly ZendeskIdUpdate[]): Promise<{ results: ZendeskIdUpdateResult[]; calls: number }> {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(field)) {
    throw new SalesforceError({ operation: 'update', errorCode: 'SETUP', message: `${JSON.stringify(field)} is not an Account field name (zendesk_id_field in config/salesforce.yaml)` });
  }
  const results: ZendeskIdUpdateResult[] = [];
  let calls = 0;
  for (let start = 0; start < updates.length; start += UPDATE_BATCH_SIZE) {
    const batch = updates.slice(start, start + UPDATE_BATCH_SIZE);
    const records = batch.map((update) => ({ Id: update.Id, [field]: update.value === null ? null : String(update.value) }));
    const saved = await withErrors(conn, 'update', { done: results.filter((r) => r.ok).length, total: updates.length }, () =>
      conn.connection.sobject('Account').update(records, { allOrNone: false }),
    );
    calls += 1;
    if (!Array.isArray(saved) || saved.length !== batch.length) throw shapeError(`${batch.length} results for ${batch.length} records, got ${Array.isArray(saved) ? saved.length : typeof saved}`);
    // Results are in request order (Salesforce "Update Records Using sObject Collections"); a failed one may carry no id.
    batch.forEach((update, i) => {
      const result = saved[i];
      if (result.success) {
        results.push({ Id: update.Id, ok: true });
        return;
      }
      const first = (result.errors as unknown as { statusCode?: string; errorCode?: string; message?: string }[])[0] ?? {};
      const errorCode = first.statusCode ?? first.errorCode ?? 'UNKNOWN';
      results.push({ Id: update.Id, ok: false, errorCode, error: `${errorCode}: ${first.message ?? 'no message'}` });
    });
  }
  return { results, calls };
}

async function withErrors<T>(conn: SalesforceConnection, operation: SalesforceOperation, progress: ErrorContext['progress'], run: () => Promise<T>): Promise<T> {
  const session = sessions.get(conn);
  // MAX_RELOGINS counts per operation: a long run may rightly outlive several sessions.
  if (session) session.relogins = 0;
  try {
    return await run();
  } catch (error) {
    // jsforce wraps a failed refresh in "Unable to refresh session due to: …" and drops the code.
    if (session?.refreshFailure && error instanceof Error && error.message.startsWith('Unable to refresh session')) {
      const failure = session.refreshFailure;
      session.refreshFailure = undefined;
      throw failure;
    }
    throw toSalesforceError(error, { operation, credentialVariables: conn.credentialVariables, loginOrigin: conn.loginOrigin, secrets: session?.secrets ?? [], progress });
  }
}

interface QueryPage {
  done: boolean;
  totalSize: number;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

/** The query resource's answer, checked at the edge. */
function checkPage(page: unknown): QueryPage {
  const candidate = page as Partial<QueryPage> | null;
  if (!candidate || typeof candidate.done !== 'boolean' || !Array.isArray(candidate.records)) throw shapeError('a query page without done and records');
  return candidate as QueryPage;
}

function shapeError(what: string): SalesforceError {
  return new SalesforceError({ operation: 'query', errorCode: 'UNEXPECTED_ANSWER', message: `Salesforce answered with ${what}; is SF_LOGIN_URL a Salesforce login URL?` });
}

/** Id, Name and Type always, then the fields asked for, each once (SOQL refuses a duplicate). */
function selectList(fields: readonly string[]): string[] {
  const list: string[] = [];
  for (const name of ['Id', 'Name', 'Type', ...fields]) {
    // Only field paths reach the query: the config cannot smuggle SOQL in.
    if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/.test(name)) {
      throw new SalesforceError({ operation: 'query', errorCode: 'SETUP', message: `${JSON.stringify(name)} is not an Account field name (mappings' from in config/salesforce.yaml): use Name, Support_Level__c or Owner.Name` });
    }
    if (!list.some((known) => known.toLowerCase() === name.toLowerCase())) list.push(name);
  }
  return list;
}

/** SOQL string literal: single quotes, with \ and ' escaped (§4.4). */
function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Salesforce answers with each field's own spelling (`Owner`, `Name`); look names up case-insensitively.
 * Every selected field is in every record, null when empty (§4.4): one that is missing is refused,
 * never read as empty, which the sync would write as a cleared organization field.
 */
export function flatten(record: Record<string, unknown>, fields: readonly string[]): SalesforceAccount {
  const { Id, Name, Type } = record;
  if (typeof Id !== 'string' || typeof Name !== 'string') throw shapeError('an account record without Id and Name');
  const values: Record<string, unknown> = {};
  for (const path of fields) {
    let value: unknown = record;
    for (const part of path.split('.')) {
      // A relationship with no related record is null as a whole (§4.4): every field through it is null.
      if (value === null || typeof value !== 'object') {
        value = null;
        break;
      }
      const key = Object.keys(value).find((k) => k.toLowerCase() === part.toLowerCase());
      if (key === undefined) throw shapeError(`an account record without ${path}`);
      value = (value as Record<string, unknown>)[key];
    }
    values[path] = value ?? null;
  }
  return { Id, Name, Type: typeof Type === 'string' ? Type : null, fields: values };
}

function readSalesforceTarget(env: Record<string, string | undefined>): SalesforceTarget {
  const setup = (message: string) => new SalesforceError({ operation: 'login', errorCode: 'SETUP', message });
  const raw = env.SF_LOGIN_URL?.trim() || DEFAULT_LOGIN_URL;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw setup('SF_LOGIN_URL is not a URL; expected something like https://login.salesforce.com or https://acme.my.salesforce.com');
  }
  if (parsed.username || parsed.password) throw setup('SF_LOGIN_URL must not contain credentials; use SF_CLIENT_ID and SF_CLIENT_SECRET');
  requireEncryption(raw, 'SF_LOGIN_URL');
  const clientId = env.SF_CLIENT_ID?.trim();
  const clientSecret = env.SF_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) {
    throw setup('No Salesforce credential: set SF_CLIENT_ID and SF_CLIENT_SECRET (the connected app), and SF_USERNAME and SF_PASSWORD for the username-password flow');
  }
  const username = env.SF_USERNAME?.trim();
  const password = env.SF_PASSWORD;
  if (Boolean(username) !== Boolean(password)) throw setup(`${username ? 'SF_USERNAME is set without SF_PASSWORD' : 'SF_PASSWORD is set without SF_USERNAME'}; set both for the username-password flow, or neither for client credentials`);
  const flow: LoginFlow = username ? 'password' : 'client_credentials';
  return {
    loginUrl: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`,
    loginOrigin: parsed.origin,
    loopback: isLoopbackHost(parsed.hostname),
    flow,
    clientId,
    clientSecret,
    username,
    password,
    variables: flow === 'password' ? ['SF_CLIENT_ID', 'SF_CLIENT_SECRET', 'SF_USERNAME', 'SF_PASSWORD'] : ['SF_CLIENT_ID', 'SF_CLIENT_SECRET'],
  };
}

/** As ../workflow/target.ts requireEncryption: https, or http only to this machine. */
function requireEncryption(url: string, what: string): void {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return;
  const problem = parsed.protocol === 'http:' ? `uses http:// for ${parsed.hostname}, which would send the credentials unencrypted` : `uses ${parsed.protocol}//`;
  throw new SalesforceError({ operation: 'login', errorCode: 'SETUP', message: `${what} ${problem}; use https:// (e.g. https://login.salesforce.com). http:// is allowed only for 127.0.0.1, ::1 and localhost.` });
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const PROXY_VARIABLES = ['https_proxy', 'http_proxy', 'HTTPS_PROXY', 'HTTP_PROXY'] as const;
type Jsforce = { Connection: typeof Connection };
let jsforceLoad: { module: Promise<Jsforce>; usesProxy: boolean } | undefined;

/**
 * jsforce reads the proxy variables once, when its transport module loads
 * (lib/transport.js setDefaults), sends every request through that proxy and ignores NO_PROXY
 * (§4.8): a loopback sandbox would be asked for through the proxy, which cannot reach this
 * machine's 127.0.0.1. So for a loopback SF_LOGIN_URL jsforce is loaded with the four
 * variables removed, and they are put back as soon as it has loaded: nothing else in the
 * process sees them change, and a real Salesforce still goes through the proxy. A process
 * talks to one Salesforce; a second target that needs the other proxy setting is refused.
 */
async function loadJsforce(loopback: boolean): Promise<Jsforce> {
  const proxySet = PROXY_VARIABLES.some((name) => process.env[name]);
  if (!jsforceLoad) {
    const saved = PROXY_VARIABLES.map((name) => [name, process.env[name]] as const);
    if (loopback) for (const name of PROXY_VARIABLES) delete process.env[name];
    const module = import('jsforce').then((jsforce): Jsforce => ({ Connection: jsforce.Connection }));
    jsforceLoad = { module, usesProxy: proxySet && !loopback };
    try {
      await module;
    } finally {
      for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
    }
    return module;
  }
  const needsProxy = proxySet && !loopback;
  if (jsforceLoad.usesProxy !== needsProxy && (loopback || proxySet)) {
    throw new SalesforceError({
      operation: 'login',
      errorCode: 'SETUP',
      message: `jsforce was loaded ${jsforceLoad.usesProxy ? 'with' : 'without'} the http(s)_proxy variables for another Salesforce in this process, and this one needs the opposite; run one Salesforce target per process`,
    });
  }
  return jsforceLoad.module;
}
