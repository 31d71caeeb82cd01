/**
 * Reference §1: API token as Basic base64("{email}/token:{token}"), or an OAuth Bearer token.
 * Anything else is 401 {"error":"Couldn't authenticate you"}.
 */
export interface SandboxCredentials {
  email: string;
  apiToken: string;
  oauthToken: string;
}

export const DEFAULT_CREDENTIALS: SandboxCredentials = {
  email: 'admin@example.com',
  apiToken: 'sandbox-api-token',
  oauthToken: 'sandbox-oauth-token',
};

/** The email the request acts as, or undefined when the credentials are wrong. */
export function authenticate(authorization: string | undefined, credentials: SandboxCredentials): string | undefined {
  if (!authorization) return undefined;
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  switch (scheme?.toLowerCase()) {
    case 'bearer':
      return value === credentials.oauthToken ? credentials.email : undefined;
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const expected = `${credentials.email}/token:${credentials.apiToken}`;
      return decoded.toLowerCase() === expected.toLowerCase() && decoded.endsWith(credentials.apiToken)
        ? credentials.email
        : undefined;
    }
    default:
      return undefined;
  }
}

export const UNAUTHENTICATED_BODY = { error: "Couldn't authenticate you" };
