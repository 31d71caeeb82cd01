/**
 * Each ticket's external_id is derived from the issue and the row, so a re-run
 * finds the tickets an earlier run made (ticketsByExternalId) instead of making
 * them again. The email is hashed: external ids show up in Zendesk's UI, exports
 * and logs, and a customer's address need not travel with them.
 */
import { createHash } from 'node:crypto';

export interface RequestRef {
  /** GitLab's numeric project id, so two projects' issue #7 never share ids. */
  projectId: number;
  issueIid: number;
}

/** `gitlab-request-<projectId>-<issueIid>-<first 12 hex of sha256(lowercased email)>`. */
export function recipientExternalId(ref: RequestRef, email: string): string {
  const digest = createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex').slice(0, 12);
  return `${requestPrefix(ref)}-${digest}`;
}

/** The one ticket of an internal request, which has no recipient. */
export function internalExternalId(ref: RequestRef): string {
  return `${requestPrefix(ref)}-internal`;
}

/** A tag every ticket of the request carries, so agents can find them all in one search. */
export function requestTag(ref: RequestRef): string {
  return `gitlab_request_${ref.projectId}_${ref.issueIid}`;
}

function requestPrefix(ref: RequestRef): string {
  return `gitlab-request-${ref.projectId}-${ref.issueIid}`;
}
