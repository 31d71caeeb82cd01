/**
 * Every failure talking to Salesforce becomes one `SalesforceError`: one line that names
 * Salesforce's errorCode (or OAuth's `error`), what was refused, and what to check, naming
 * variables and config keys, never their values. Salesforce's own message is quoted short
 * and masked (../core/redact.ts) with the run's secrets.
 *
 * jsforce's shapes (salesforce-api.md §4.3, §4.7): REST errors are `HttpApiError`s whose
 * `errorCode` (and `name`) is Salesforce's errorCode; token endpoint errors are plain Errors
 * whose `name` is OAuth's `error`; a failed session refresh is a plain Error "Unable to
 * refresh session due to: …"; no answer at all is node-fetch's FetchError with a system `code`.
 */
import { classifyNetworkError, describeNetworkFailure } from '../core/network.ts';
import { redact } from '../core/redact.ts';

export type SalesforceOperation = 'login' | 'query' | 'update';

export class SalesforceError extends Error {
  /** Salesforce's errorCode (`MALFORMED_QUERY`), OAuth's error (`invalid_grant`), or ours (`NETWORK`, `SETUP`). */
  readonly errorCode: string;
  readonly operation: SalesforceOperation;

  constructor(args: { operation: SalesforceOperation; errorCode: string; message: string; cause?: unknown }) {
    super(args.message.replace(/\s*\n\s*/g, ' '), { cause: args.cause });
    this.name = 'SalesforceError';
    this.errorCode = args.errorCode;
    this.operation = args.operation;
  }
}

export interface ErrorContext {
  operation: SalesforceOperation;
  /** The variables the credential came from, for "check …" (never their values). */
  credentialVariables: readonly string[];
  /** `https://login.salesforce.com`: safe to print. */
  loginOrigin: string;
  /** Values that must never appear in a message. */
  secrets: readonly string[];
  /** For updates cut short: how many accounts were written before the failure. */
  progress?: { done: number; total: number };
}

const WHAT: Record<SalesforceOperation, string> = { login: 'the login', query: 'the account query', update: 'the account update' };
const CREDENTIAL_CODES = new Set(['invalid_grant', 'invalid_client', 'invalid_client_id', 'invalid_client_credentials', 'inactive_user', 'inactive_org', 'INVALID_SESSION_ID', 'INVALID_AUTH_HEADER']);

export function toSalesforceError(error: unknown, context: ErrorContext): SalesforceError {
  if (error instanceof SalesforceError) return error;
  const make = (errorCode: string, message: string) =>
    new SalesforceError({ operation: context.operation, errorCode, message: redact(message, context.secrets) + progressNote(context), cause: error });

  const code = errorCodeOf(error);
  if (!code) {
    const failure = classifyNetworkError(error);
    return make('NETWORK', `Salesforce could not be reached at ${context.loginOrigin} for ${WHAT[context.operation]} (${describeNetworkFailure(failure)}): check SF_LOGIN_URL and the network`);
  }
  const said = salesforceSays(error);
  const quoted = said ? `${code}: ${said}` : code;
  if (CREDENTIAL_CODES.has(code)) {
    return make(code, `Salesforce refused the credentials (${quoted}): check ${credentialHint(code, context.credentialVariables)} for ${context.loginOrigin} (SF_LOGIN_URL)`);
  }
  switch (code) {
    case 'unsupported_grant_type':
      return make(code, `Salesforce does not offer this login flow (${quoted}): enable the client credentials flow on the connected app, or set SF_USERNAME and SF_PASSWORD`);
    case 'MALFORMED_QUERY':
    case 'INVALID_FIELD':
    case 'INVALID_TYPE':
      return make(code, `Salesforce rejected ${WHAT[context.operation]} (${quoted}): check the Account fields in config/salesforce.yaml (mappings' from, zendesk_id_field) and that the integration user can read and edit them`);
    case 'REQUEST_LIMIT_EXCEEDED':
      return make(code, `Salesforce refused ${WHAT[context.operation]} (${quoted}): the org's daily API allocation is used up; the next run after it frees up carries on (Setup → Company Information shows the usage)`);
    case 'NOT_FOUND':
      return make(code, `Salesforce refused ${WHAT[context.operation]} (${quoted}): check api_version in config/salesforce.yaml (GET /services/data/ lists the versions this org serves)`);
    case 'INSUFFICIENT_ACCESS':
    case 'INSUFFICIENT_ACCESS_OR_READONLY':
    case 'API_DISABLED_FOR_ORG':
    case 'API_CURRENTLY_DISABLED':
      return make(code, `Salesforce refused ${WHAT[context.operation]} (${quoted}): check that the integration user has the API Enabled permission and access to Account`);
    default:
      return make(code, `Salesforce refused ${WHAT[context.operation]} (${quoted})`);
  }
}

/** What to check for a refused credential: the variables that matter for that code. */
function credentialHint(code: string, variables: readonly string[]): string {
  const pick = (...names: string[]) => names.filter((name) => variables.includes(name));
  const list = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? 'the SF_* variables'));
  switch (code) {
    case 'invalid_client_id':
      return list(pick('SF_CLIENT_ID')) + " (the connected app's consumer key)";
    case 'invalid_client':
    case 'invalid_client_credentials':
      return list(pick('SF_CLIENT_ID', 'SF_CLIENT_SECRET'));
    case 'invalid_grant':
      return variables.includes('SF_USERNAME')
        ? `${list(pick('SF_USERNAME', 'SF_PASSWORD'))} (the password followed by the user's security token)`
        : `${list(pick('SF_CLIENT_ID', 'SF_CLIENT_SECRET'))}, and that the connected app has a run-as user for the client credentials flow`;
    default:
      return `${list([...variables])}, and that the integration user may use the API`;
  }
}

function errorCodeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { errorCode?: unknown }).errorCode;
  if (typeof code === 'string' && code) return code;
  // Token endpoint errors: an Error whose name is OAuth's `error`.
  if (error.name && error.name !== 'Error' && error.name !== 'FetchError' && /^[a-z_]+$|^[A-Z_]+$/.test(error.name)) return error.name;
  return undefined;
}

/**
 * Salesforce's message, on one line and short: SOQL errors quote the query over several lines
 * and end with the problem (`ERROR at Row:1:Column:12\nNo such column 'X' on entity 'Account'. If …`);
 * keep the problem's first sentence and the column.
 */
function salesforceSays(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /ERROR at Row:(\d+):Column:(\d+)\n([\s\S]*)$/.exec(message);
  if (position) {
    const problem = firstSentence(position[3]);
    return `${problem} (column ${position[2]})`;
  }
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}…` : oneLine;
}

function firstSentence(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const end = line.search(/\.\s/);
  return end > 0 ? line.slice(0, end) : line.replace(/\.$/, '');
}

function progressNote(context: ErrorContext): string {
  if (!context.progress) return '';
  return ` (${context.progress.done} of ${context.progress.total} accounts were updated before it stopped; a re-run writes the rest)`;
}
