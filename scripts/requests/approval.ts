/**
 * Who approved a request is read from the label events, not from the label:
 * anyone who can edit an issue can add `request::approved`, so the label alone
 * proves nothing (issue 11, "check who added the approval label").
 */
import { REQUEST_LABELS } from './labels.ts';
import type { RequestForm } from './model.ts';
import type { LabelEvent } from './ports.ts';

export type ApprovalCheck =
  | { needed: false }
  | { needed: true; approved: true; by: string }
  | { needed: true; approved: false; reason: string; approvers: string[] };

/**
 * `required_above: N` asks for approval above N recipients; 0 always asks. Forms
 * without recipients count as one.
 */
export function needsApproval(form: RequestForm, recipientCount: number): boolean {
  if (!form.approval) return false;
  return form.approval.required_above === 0 || recipientCount > form.approval.required_above;
}

export interface ApprovalInput {
  form: RequestForm;
  recipientCount: number;
  events: readonly LabelEvent[];
  /**
   * The processor's own user: when it moves the issue on to `request::processing`,
   * GitLab removes `request::approved` (one label per scope) in its name, and that
   * removal withdraws nothing.
   */
  botUsername: string;
  /**
   * When the description was edited (GitLab's "changed the description" notes). An
   * approval covers the request as it was approved: 50 recipients approved must not
   * become 500 by an edit afterwards.
   */
  descriptionEditedAt?: readonly string[];
  /** Who opened the issue: an approver's own request needs another approver (four eyes). */
  submitter?: string | null;
}

/**
 * Approved = the latest `add` of `request::approved` is by a listed approver, and no
 * one but the processor removed the label after it. Events are ordered by time, then
 * id (GitLab's ids grow), so the order the API lists them in does not matter.
 */
export function checkApproval(input: ApprovalInput): ApprovalCheck {
  const { form, recipientCount, events, botUsername, descriptionEditedAt = [], submitter = null } = input;
  if (!needsApproval(form, recipientCount)) return { needed: false };
  const approvers = form.approval?.approvers ?? [];
  const refuse = (reason: string): ApprovalCheck => ({ needed: true, approved: false, reason, approvers });
  const approvalEvents = events
    .filter((event) => event.label?.name === REQUEST_LABELS.approved)
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
  const latestAdd = approvalEvents.map((event) => event.action).lastIndexOf('add');
  if (latestAdd === -1) return refuse(`not approved yet: ${approverPhrase(approvers)} adds the ${REQUEST_LABELS.approved} label`);
  const added = approvalEvents[latestAdd];
  const by = added.user?.username ?? null;
  const isApprover = by !== null && approvers.some((approver) => approver.toLowerCase() === by.toLowerCase());
  if (!isApprover) {
    const who = by === null ? 'a deleted user' : `@${by}`;
    return refuse(`approved by ${who}, who is not an approver of this form; ${approverPhrase(approvers)} adds the ${REQUEST_LABELS.approved} label`);
  }
  if (submitter !== null && submitter.toLowerCase() === (by as string).toLowerCase()) {
    const others = approvers.filter((approver) => approver.toLowerCase() !== submitter.toLowerCase());
    return refuse(`@${by} opened this request and cannot approve it too; ${approverPhrase(others)} adds the ${REQUEST_LABELS.approved} label`);
  }
  const withdrawn = approvalEvents.slice(latestAdd + 1).find((event) => event.action === 'remove' && event.user?.username !== botUsername);
  if (withdrawn) {
    const who = withdrawn.user ? `@${withdrawn.user.username}` : 'a deleted user';
    return refuse(`the approval by @${by} was withdrawn: ${who} removed the ${REQUEST_LABELS.approved} label`);
  }
  // An edit in the same instant as the approval may be the one the approver never saw: it voids it too.
  const approvedAt = Date.parse(added.created_at);
  if (descriptionEditedAt.some((editedAt) => !(Date.parse(editedAt) < approvedAt))) {
    return refuse(`the request was edited after @${by} approved it; ${approverPhrase(approvers)} adds the ${REQUEST_LABELS.approved} label again for the request as it is now`);
  }
  return { needed: true, approved: true, by };
}

function approverPhrase(approvers: readonly string[]): string {
  if (approvers.length === 0) return 'no one (the form lists no approvers)';
  const names = approvers.map((approver) => `@${approver}`);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
