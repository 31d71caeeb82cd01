/**
 * The OAuth 2.0 token endpoint, `POST /services/oauth2/token` (salesforce-api.md §4.3, §4.10
 * item 2): the client credentials and username-password grants, form-encoded. Errors are
 * OAuth's `{error, error_description}` with HTTP 400, as Salesforce sends them:
 * an unknown client id `invalid_client_id`, a wrong secret `invalid_client`, a wrong user
 * or password `invalid_grant` "authentication failure".
 */
import { createHmac, randomBytes } from 'node:crypto';
import { KEY_PREFIX, recordId } from './ids.ts';

export interface SalesforceCredentials {
  /** The connected app's consumer key and secret. */
  clientId: string;
  clientSecret: string;
  /** The integration user, for the username-password grant; the password has the security token appended. */
  username: string;
  password: string;
}

export const DEFAULT_SALESFORCE_CREDENTIALS: SalesforceCredentials = {
  clientId: '3MVG9sandbox.consumer.key',
  clientSecret: 'sandbox-consumer-secret',
  username: 'integration@example.com',
  password: 'sandbox-passwordSECURITYTOKEN',
};

export const SANDBOX_ORGANIZATION_ID = recordId(KEY_PREFIX.Organization, 1);
export const INTEGRATION_USER_ID = recordId(KEY_PREFIX.User, 9_999);

export type TokenAnswer = { status: 200; body: Record<string, string>; accessToken: string } | { status: 400; body: { error: string; error_description: string } };

export function grantToken(form: URLSearchParams, credentials: SalesforceCredentials, context: { baseUrl: string; now: number }): TokenAnswer {
  const refuse = (error: string, error_description: string): TokenAnswer => ({ status: 400, body: { error, error_description } });
  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials' && grantType !== 'password') return refuse('unsupported_grant_type', 'grant type not supported');
  if (form.get('client_id') !== credentials.clientId) return refuse('invalid_client_id', 'client identifier invalid');
  if (form.get('client_secret') !== credentials.clientSecret) return refuse('invalid_client', 'invalid client credentials');
  if (grantType === 'password' && (form.get('username') !== credentials.username || form.get('password') !== credentials.password)) {
    return refuse('invalid_grant', 'authentication failure');
  }
  // Access tokens look like `00D…!AQ…`: the org id, then an opaque part.
  const accessToken = `${SANDBOX_ORGANIZATION_ID.slice(0, 15)}!AQ${randomBytes(24).toString('base64url')}`;
  const id = `${context.baseUrl}/id/${SANDBOX_ORGANIZATION_ID}/${INTEGRATION_USER_ID}`;
  const issuedAt = String(context.now);
  return {
    status: 200,
    accessToken,
    body: {
      access_token: accessToken,
      instance_url: context.baseUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
      signature: createHmac('sha256', credentials.clientSecret).update(id + issuedAt).digest('base64'),
      scope: 'api',
    },
  };
}
