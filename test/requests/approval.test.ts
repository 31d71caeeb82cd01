/** Approval is who added the label, read from the label events. */
import { describe, expect, it } from 'vitest';
import { checkApproval, needsApproval } from '../../scripts/requests/approval.ts';
import type { LabelEvent } from '../../scripts/requests/ports.ts';
import { customerTicketForm as form } from './fakes.ts';

let id = 0;
const event = (action: 'add' | 'remove', username: string, minute: number, name = 'request::approved'): LabelEvent =>
  ({ id: ++id, action, label: { name }, user: { username }, created_at: `2026-01-01T00:${String(minute).padStart(2, '0')}:00Z` });
const check = (events: LabelEvent[]) => checkApproval({ form, recipientCount: 100, events, botUsername: 'bot' });

describe('approval', () => {
  it('is needed above the form threshold only, and always with required_above: 0', () => {
    expect(needsApproval(form, 50)).toBe(false);
    expect(needsApproval(form, 51)).toBe(true);
    expect(needsApproval({ ...form, approval: { approvers: ['alice'], required_above: 0 } }, 1)).toBe(true);
    expect(checkApproval({ form, recipientCount: 10, events: [], botUsername: 'bot' })).toEqual({ needed: false });
  });

  it('names who may approve when nobody has', () => {
    expect(check([])).toMatchObject({ approved: false, reason: 'not approved yet: @alice or @bob adds the request::approved label' });
  });

  it('refuses a label added by someone who is not an approver', () => {
    expect(check([event('add', 'eve', 1)])).toMatchObject({ approved: false, reason: expect.stringMatching(/^approved by @eve, who is not an approver of this form/) });
  });

  it('takes the latest add, whatever order the events are listed in', () => {
    expect(check([event('add', 'alice', 3), event('remove', 'eve', 2), event('add', 'eve', 1)])).toEqual({ needed: true, approved: true, by: 'alice' });
    expect(check([event('add', 'eve', 3), event('add', 'alice', 1)])).toMatchObject({ approved: false });
  });

  it('a removal by a person withdraws the approval; the processor moving the issue on does not', () => {
    expect(check([event('add', 'bob', 1), event('remove', 'carol', 2)])).toMatchObject({ approved: false, reason: expect.stringContaining('withdrawn: @carol removed') });
    expect(check([event('add', 'bob', 1), event('remove', 'bot', 2), event('add', 'bot', 2, 'request::processing')])).toMatchObject({ approved: true });
  });

  it('an edit of the request after the approval voids it: 50 approved recipients cannot become 500', () => {
    const approved = [event('add', 'alice', 5)];
    const withEdits = (editedAt: string[]) => checkApproval({ form, recipientCount: 100, events: approved, botUsername: 'bot', descriptionEditedAt: editedAt });
    expect(withEdits(['2026-01-01T00:04:00Z'])).toMatchObject({ approved: true, by: 'alice' });
    expect(withEdits(['2026-01-01T00:06:00Z'])).toMatchObject({ approved: false, reason: expect.stringMatching(/^the request was edited after @alice approved it/) });
  });

  it('an edit in the same instant as the approval, or at a time that cannot be read, voids it too', () => {
    const approved = [event('add', 'alice', 5)];
    const withEdits = (editedAt: string[]) => checkApproval({ form, recipientCount: 100, events: approved, botUsername: 'bot', descriptionEditedAt: editedAt });
    expect(withEdits(['2026-01-01T00:05:00Z'])).toMatchObject({ approved: false });
    expect(withEdits(['yesterday'])).toMatchObject({ approved: false });
  });

  it('takes the approver\'s username in any case, and no one else\'s: a listed name inside a longer one is not it', () => {
    expect(check([event('add', 'ALICE', 1)])).toMatchObject({ approved: true, by: 'ALICE' });
    expect(check([event('add', 'alice2', 1)])).toMatchObject({ approved: false });
    expect(check([event('add', 'alice', 1), event('remove', 'ALICE', 2)])).toMatchObject({ approved: false });
  });

  it('an approver cannot approve their own request: another approver must', () => {
    const own = checkApproval({ form, recipientCount: 100, events: [event('add', 'Alice', 1)], botUsername: 'bot', submitter: 'alice' });
    expect(own).toMatchObject({ approved: false, reason: '@Alice opened this request and cannot approve it too; @bob adds the request::approved label' });
    expect(checkApproval({ form, recipientCount: 100, events: [event('add', 'bob', 1)], botUsername: 'bot', submitter: 'alice' })).toMatchObject({ approved: true, by: 'bob' });
  });
});
