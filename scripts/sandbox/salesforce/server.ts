/**
 * The Salesforce sandbox: a loopback HTTP server speaking the slice of the Salesforce REST API
 * a Zendesk sync uses (README.md; salesforce-api.md §4.3–4.10), so tests drive jsforce itself
 * over HTTP, unchanged. Each call builds its own org; nothing is shared between instances.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody } from '../readBody.ts';
import type { AddressInfo } from 'node:net';
import { accountField, renderAccount, salesforceDateTime, storedValue, valueProblem, type SandboxAccount, type SandboxUser } from './accounts.ts';
import { canonicalId, KEY_PREFIX, recordId } from './ids.ts';
import { DEFAULT_SALESFORCE_CREDENTIALS, grantToken, type SalesforceCredentials } from './oauth.ts';
import { salesforceSeed, type AccountSeed, type SalesforceSeed } from './seed.ts';
import { matches, orderComparator, parseSoql, SoqlError } from './soql.ts';

export { DEFAULT_SALESFORCE_CREDENTIALS, type SalesforceCredentials } from './oauth.ts';
export type { SandboxAccount, SandboxUser } from './accounts.ts';
export type { AccountSeed, SalesforceSeed } from './seed.ts';

/** Winter '25 … Spring '26 (§4.1). */
export const DEFAULT_API_VERSIONS = ['62.0', '63.0', '64.0', '65.0', '66.0'];
const RELEASES: Record<string, string> = { '62.0': "Winter '25", '63.0': "Spring '25", '64.0': "Summer '25", '65.0': "Winter '26", '66.0': "Spring '26", '67.0': "Summer '26" };

/** Enterprise Edition's base daily allocation (§4.9). */
export const DEFAULT_DAILY_LIMIT = 100_000;
/** The query resource's default and largest batch (§4.4). */
export const QUERY_PAGE_SIZE = 2_000;
/** sObject Collections take at most 200 records a call. */
export const COLLECTION_LIMIT = 200;

export interface SalesforceSandboxOptions {
  /** Default 0 (ephemeral); the host is always 127.0.0.1. */
  port?: number;
  /** Default salesforceSeed(). */
  seed?: SalesforceSeed;
  /** Created after the seed's. */
  accounts?: AccountSeed[];
  /** The versions served (`GET /services/data/`); others answer 404 NOT_FOUND. */
  apiVersions?: string[];
  credentials?: Partial<SalesforceCredentials>;
  /** The sandbox clock, ms since the epoch (default Date.now): LastModifiedDate, issued_at. */
  now?: () => number;
}

/**
 * An injected error answer: the next `times` requests whose path matches (exactly, as
 * requested or as its request-count key like `/services/data/v62.0/query/:locator`, or a
 * RegExp) get `status` with Salesforce's error body. On the token endpoint the body is
 * OAuth's `{error, error_description}`.
 */
export interface SalesforceFault {
  path?: string | RegExp;
  method?: string;
  status: number;
  errorCode: string;
  message?: string;
  times: number;
}

export interface SalesforceSandboxState {
  users: SandboxUser[];
  accounts: SandboxAccount[];
  apiUsage: { used: number; max: number };
}

export interface SalesforceSandbox {
  /** `http://127.0.0.1:PORT`: both SF_LOGIN_URL and the instance_url the token endpoint hands out. */
  url: string;
  credentials: SalesforceCredentials;
  state(): SalesforceSandboxState;
  /** Keys like `GET /services/data/v62.0/query/:locator`, `POST /services/oauth2/token`. */
  requestCounts(): Record<string, number>;
  resetRequestCounts(): void;
  injectFault(fault: SalesforceFault): void;
  clearFaults(): void;
  /** The org's daily API allocation; requests past it answer 403 REQUEST_LIMIT_EXCEEDED. Resets the usage when `used` is given. */
  setDailyLimit(max: number, options?: { used?: number }): void;
  /** Every access token handed out so far stops working (a session timeout): 401 INVALID_SESSION_ID. */
  expireSessions(): void;
  /** Someone adds, edits or deletes an account in Salesforce. */
  addAccount(seed: AccountSeed): SandboxAccount;
  updateAccount(id: string, fields: Partial<Omit<SandboxAccount, 'Id'>>): SandboxAccount;
  deleteAccount(id: string): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** REST errors are a JSON array even for one error (§4.7). */
const restError = (status: number, errorCode: string, message: string, fields?: string[]): Reply => ({
  status,
  body: [{ message, errorCode, ...(fields ? { fields } : {}) }],
});
const NOT_FOUND = () => restError(404, 'NOT_FOUND', 'The requested resource does not exist');

interface Cursor {
  records: Record<string, unknown>[];
  pageSize: number;
}

export async function startSalesforceSandbox(options: SalesforceSandboxOptions = {}): Promise<SalesforceSandbox> {
  const now = options.now ?? Date.now;
  const credentials: SalesforceCredentials = { ...DEFAULT_SALESFORCE_CREDENTIALS, ...options.credentials };
  const apiVersions = options.apiVersions ?? DEFAULT_API_VERSIONS;
  const seed = options.seed ?? salesforceSeed();
  const users = new Map<string, SandboxUser>(seed.users.map((u) => [u.Id, { ...u }]));
  /** Canonical 18-character id → account, in creation order. */
  const accounts = new Map<string, SandboxAccount>();
  let nextSerial = 100_000;
  const tokens = new Set<string>();
  const cursors = new Map<string, Cursor>();
  let nextCursor = 1;
  let faults: { spec: SalesforceFault; remaining: number }[] = [];
  let counts: Record<string, number> = {};
  const apiUsage = { used: 0, max: DEFAULT_DAILY_LIMIT };
  let baseUrl = '';

  function createAccount(input: AccountSeed): SandboxAccount {
    const stamp = salesforceDateTime(now());
    const id = input.Id ? canonicalId(input.Id) : recordId(KEY_PREFIX.Account, nextSerial++);
    if (!id) throw new Error(`malformed account id ${input.Id}`);
    if (accounts.has(id)) throw new Error(`account ${id} exists already`);
    const account: SandboxAccount = {
      Type: null,
      OwnerId: null,
      Website: null,
      Industry: null,
      Support_Level__c: null,
      Region__c: null,
      Support_Expiry__c: null,
      ARR__c: null,
      Zendesk_Organization_Id__c: null,
      IsDeleted: false,
      CreatedDate: stamp,
      LastModifiedDate: stamp,
      SystemModstamp: stamp,
      ...input,
      Id: id,
    };
    accounts.set(id, account);
    return account;
  }
  for (const account of [...seed.accounts, ...(options.accounts ?? [])]) createAccount(account);

  function findAccount(id: string): SandboxAccount | undefined {
    const canonical = canonicalId(id);
    return canonical ? accounts.get(canonical) : undefined;
  }

  /** Applies a PATCH's fields, or says why not (nothing changes then). */
  function applyUpdate(account: SandboxAccount, fields: Record<string, unknown>): { errorCode: string; message: string; fields: string[] } | undefined {
    const changes: [string, unknown][] = [];
    for (const [name, value] of Object.entries(fields)) {
      const info = accountField(name);
      if (!info) return { errorCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type Account`, fields: [name] };
      if (!info.updateable) {
        return { errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: `Unable to create/update fields: ${info.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, fields: [info.name] };
      }
      const problem = valueProblem(info, value);
      if (problem) return { ...problem, fields: [info.name] };
      changes.push([info.name, storedValue(info, value)]);
    }
    for (const [name, value] of changes) (account as unknown as Record<string, unknown>)[name] = value;
    account.LastModifiedDate = account.SystemModstamp = salesforceDateTime(now());
    return undefined;
  }

  function query(version: string, soql: string, pageSize: number): Reply {
    let parsed;
    try {
      parsed = parseSoql(soql);
    } catch (error) {
      if (error instanceof SoqlError) return restError(400, error.errorCode, error.message);
      throw error;
    }
    let selected = [...accounts.values()].filter((a) => !a.IsDeleted && (!parsed.where || matches(a, parsed.where, users)));
    if (parsed.orderBy) selected.sort(orderComparator(parsed.orderBy, users));
    if (parsed.limit !== undefined) selected = selected.slice(0, parsed.limit);
    // Salesforce fixes a query's results when it runs; later pages come from that snapshot.
    const records = selected.map((a) => renderAccount(a, parsed.fields, { apiVersion: version, users }));
    const locator = `01g5g${String(nextCursor++).padStart(10, '0')}`;
    cursors.set(locator, { records, pageSize });
    return page(version, locator, 0);
  }

  function page(version: string, locator: string, offset: number): Reply {
    const cursor = cursors.get(locator);
    if (!cursor || offset > cursor.records.length) return restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const records = cursor.records.slice(offset, offset + cursor.pageSize);
    const next = offset + records.length;
    const done = next >= cursor.records.length;
    if (done) cursors.delete(locator);
    return {
      status: 200,
      body: { totalSize: cursor.records.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${locator}-${next}` }), records },
    };
  }

  function updateOne(id: string, body: unknown): Reply {
    const account = findAccount(id);
    if (!canonicalId(id)) return restError(400, 'MALFORMED_ID', `Account ID: id value of incorrect type: ${id}`, ['Id']);
    if (!account || account.IsDeleted) return NOT_FOUND();
    if (!body || typeof body !== 'object' || Array.isArray(body)) return restError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object of fields');
    const problem = applyUpdate(account, body as Record<string, unknown>);
    return problem ? restError(400, problem.errorCode, problem.message, problem.fields) : { status: 204 };
  }

  /** sObject Collections update: ≤ 200 records, results in request order, `statusCode` in errors. */
  function updateMany(body: unknown): Reply {
    const request = body as { allOrNone?: unknown; records?: unknown } | null;
    if (!request || typeof request !== 'object' || !Array.isArray(request.records)) return restError(400, 'JSON_PARSER_ERROR', 'The request body must have a records array');
    if (request.records.length > COLLECTION_LIMIT) return restError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`);
    const allOrNone = request.allOrNone === true;
    const before = new Map<string, SandboxAccount>();
    const results = request.records.map((record: unknown) => {
      const { attributes, id, ...fields } = (record ?? {}) as { attributes?: { type?: unknown }; id?: unknown } & Record<string, unknown>;
      const failure = (statusCode: string, message: string, errorFields: string[] = []) => ({ success: false, errors: [{ statusCode, message, fields: errorFields }] });
      if (attributes?.type !== 'Account') return failure('INVALID_TYPE', 'sObject type must be given in attributes.type and be Account');
      if (typeof id !== 'string' || !canonicalId(id)) return failure('MALFORMED_ID', `malformed id ${String(id)}`, ['Id']);
      const account = findAccount(id);
      if (!account || account.IsDeleted) return failure('NOT_FOUND', 'The requested resource does not exist');
      if (!before.has(account.Id)) before.set(account.Id, { ...account });
      const problem = applyUpdate(account, fields);
      if (problem) return failure(problem.errorCode, problem.message, problem.fields);
      return { id: account.Id, success: true, errors: [] };
    });
    if (allOrNone && results.some((r) => !r.success)) {
      for (const [id, saved] of before) accounts.set(id, saved);
      return {
        status: 200,
        body: results.map((r) =>
          r.success
            ? { id: (r as { id: string }).id, success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] }
            : r,
        ),
      };
    }
    return { status: 200, body: results };
  }

  function dataRoute(method: string, version: string, rest: string[], url: URL, body: unknown, headers: IncomingMessage['headers']): Reply {
    const route = rest.join('/');
    if (method === 'GET' && route === 'query') {
      const soql = url.searchParams.get('q');
      if (!soql) return restError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      return query(version, soql, pageSizeFrom(headers['sforce-query-options']));
    }
    if (method === 'GET' && rest.length === 2 && rest[0] === 'query') {
      const [locator, offset] = rest[1].split('-');
      return page(version, locator, offset === undefined ? 0 : Number(offset));
    }
    if (method === 'GET' && route === 'limits') {
      return { status: 200, body: { DailyApiRequests: { Max: apiUsage.max, Remaining: Math.max(0, apiUsage.max - apiUsage.used) } } };
    }
    if (rest.length === 3 && rest[0] === 'sobjects' && rest[1].toLowerCase() === 'account') {
      if (method === 'PATCH') return updateOne(rest[2], body);
      if (method === 'GET') {
        const account = findAccount(rest[2]);
        if (!account || account.IsDeleted) return NOT_FOUND();
        return { status: 200, body: { attributes: { type: 'Account', url: `/services/data/v${version}/sobjects/Account/${account.Id}` }, ...account } };
      }
    }
    if (method === 'PATCH' && route === 'composite/sobjects') return updateMany(body);
    return NOT_FOUND();
  }

  function countKey(method: string, path: string): string {
    const normalized = path
      .replace(/\/query\/[^/]+$/, '/query/:locator')
      .replace(/\/sobjects\/Account\/[^/]+$/i, '/sobjects/Account/:id');
    return `${method} ${normalized}`;
  }

  function takeFault(method: string, path: string, key: string): SalesforceFault | undefined {
    const normalized = key.slice(method.length + 1);
    const armed = faults.find(({ spec }) => {
      if (spec.method && spec.method.toUpperCase() !== method) return false;
      if (spec.path === undefined) return true;
      if (spec.path instanceof RegExp) return spec.path.test(path) || spec.path.test(normalized);
      return spec.path === path || spec.path === normalized;
    });
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining === 0) faults = faults.filter((f) => f !== armed);
    return armed.spec;
  }

  async function handle(request: IncomingMessage): Promise<Reply> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', baseUrl);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const rawBody = await readBody(request);
    const key = countKey(method, path);
    counts[key] = (counts[key] ?? 0) + 1;

    const oauth = path.startsWith('/services/oauth2/');
    const fault = takeFault(method, path, key);
    if (fault) {
      const message = fault.message ?? defaultFaultMessage(fault.errorCode);
      return oauth ? { status: fault.status, body: { error: fault.errorCode, error_description: message } } : restError(fault.status, fault.errorCode, message);
    }

    if (oauth) {
      if (method !== 'POST' || path !== '/services/oauth2/token') return { status: 404, body: { error: 'not_found', error_description: 'The requested resource does not exist' } };
      const answer = grantToken(new URLSearchParams(rawBody), credentials, { baseUrl, now: now() });
      if (answer.status === 200) tokens.add(answer.accessToken);
      return { status: answer.status, body: answer.body };
    }
    if (path === '/services/data' && method === 'GET') {
      return { status: 200, body: apiVersions.map((version) => ({ label: RELEASES[version] ?? `v${version}`, url: `/services/data/v${version}`, version })) };
    }
    const data = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/.exec(path);
    if (!data) return NOT_FOUND();

    const [scheme, token] = (request.headers.authorization ?? '').trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() !== 'bearer' || !token || !tokens.has(token)) return restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (!apiVersions.includes(data[1])) return NOT_FOUND();
    // The daily allocation counts every API request (§4.9); past it, nothing is served.
    if (apiUsage.used >= apiUsage.max) return restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    apiUsage.used += 1;

    let body: unknown;
    if (rawBody.trim() !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return restError(400, 'JSON_PARSER_ERROR', 'Unexpected character in the request body: it is not JSON');
      }
    }
    return dataRoute(method, data[1], (data[2] ?? '').split('/').filter(Boolean), url, body, request.headers);
  }

  const server = createServer((request, response) => {
    handle(request)
      .then((reply) => {
        // Every REST answer says how much of the daily allocation is used (§4.9).
        const usage: Record<string, string> = request.url?.startsWith('/services/data/v') ? { 'Sforce-Limit-Info': `api-usage=${apiUsage.used}/${apiUsage.max}` } : {};
        send(response, { ...reply, headers: { ...usage, ...reply.headers } });
      })
      .catch((error: unknown) => {
        console.error('[salesforce sandbox] request failed:', error);
        if (!response.headersSent) send(response, restError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: sandbox'));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    credentials,
    state: () => structuredClone({ users: [...users.values()], accounts: [...accounts.values()], apiUsage }),
    requestCounts: () => ({ ...counts }),
    resetRequestCounts: () => {
      counts = {};
    },
    injectFault(fault) {
      if (!Number.isInteger(fault.times) || fault.times < 1) throw new Error('SalesforceFault.times must be a positive integer');
      faults.push({ spec: fault, remaining: fault.times });
    },
    clearFaults: () => {
      faults = [];
    },
    setDailyLimit(max, limitOptions = {}) {
      apiUsage.max = max;
      if (limitOptions.used !== undefined) apiUsage.used = limitOptions.used;
    },
    expireSessions: () => tokens.clear(),
    addAccount: (input) => structuredClone(createAccount(input)),
    updateAccount(id, fields) {
      const account = findAccount(id);
      if (!account) throw new Error(`no sandbox account ${id}`);
      Object.assign(account, fields, { LastModifiedDate: salesforceDateTime(now()), SystemModstamp: salesforceDateTime(now()) });
      return structuredClone(account);
    },
    deleteAccount(id) {
      const account = findAccount(id);
      if (!account) throw new Error(`no sandbox account ${id}`);
      accounts.delete(account.Id);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** `Sforce-Query-Options: batchSize=n`: 200 to 2,000 (§4.4); Salesforce may send fewer. */
function pageSizeFrom(header: string | string[] | undefined): number {
  const match = /batchSize=(\d+)/i.exec(String(header ?? ''));
  if (!match) return QUERY_PAGE_SIZE;
  return Math.min(QUERY_PAGE_SIZE, Math.max(200, Number(match[1])));
}

function defaultFaultMessage(errorCode: string): string {
  switch (errorCode) {
    case 'INVALID_SESSION_ID':
      return 'Session expired or invalid';
    case 'REQUEST_LIMIT_EXCEEDED':
      return 'TotalRequests Limit exceeded.';
    case 'invalid_grant':
      return 'authentication failure';
    default:
      return `Injected by the sandbox: ${errorCode}`;
  }
}

/** JSON with Salesforce's content type; 204 without a body. */
function send(response: ServerResponse, reply: Reply): void {
  if (reply.status === 204 || reply.body === undefined) {
    response.writeHead(reply.status, reply.headers).end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  response
    .writeHead(reply.status, { ...reply.headers, 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(Buffer.byteLength(payload)) })
    .end(payload);
}
