/**
 * In-memory GitLab and Zendesk behind the processor's ports (scripts/requests/ports.ts):
 * our own objects, not stubs of a client library. Every write is counted, so a test can
 * say "a re-run writes nothing". The real clients are tested against the sandboxes.
 */
import { parse } from 'yaml';
import type {
  CommitRequest,
  GitLabIssue,
  GitLabMergeRequest,
  GitLabNote,
  IssueLabelEdit,
  LabelEvent,
  MergeRequestDraft,
  RequestsGitLab,
  RequestsZendesk,
  TicketCreation,
  TicketPayload,
} from '../../scripts/requests/ports.ts';
import type { ParsedRequest, RequestForm } from '../../scripts/requests/model.ts';

export const BOT = { id: 99, username: 'zendesk-gitops-bot' };

export class FakeGitLab implements RequestsGitLab {
  issuesByIid = new Map<number, GitLabIssue>();
  notes = new Map<number, GitLabNote[]>();
  events = new Map<number, LabelEvent[]>();
  /** branch → path → content */
  files = new Map<string, Map<string, string>>([['main', new Map()]]);
  mrs: (GitLabMergeRequest & { sourceBranch: string; description: string })[] = [];
  writes: string[] = [];
  private nextId = 1000;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  addIssue(iid: number, description: string, labels: string[], options: { by?: string; title?: string } = {}): GitLabIssue {
    const issue = { iid, title: options.title ?? `Request ${iid}`, description, state: 'opened', labels: [], confidential: false, authorUsername: options.by ?? 'submitter', webUrl: `https://gitlab.example/support/zendesk/-/issues/${iid}` };
    this.issuesByIid.set(iid, issue);
    this.label(iid, options.by ?? 'submitter', { add_labels: labels });
    return issue;
  }

  /** A person (not the processor) changes labels: recorded as label events, not as the processor's writes. */
  label(iid: number, username: string, edit: IssueLabelEdit): void {
    const issue = this.issuesByIid.get(iid)!;
    const events = this.events.get(iid) ?? [];
    const labels = new Set(issue.labels);
    const event = (action: 'add' | 'remove', name: string) =>
      events.push({ id: this.nextId++, action, label: { name }, user: { username }, created_at: new Date((this.clock += 1000)).toISOString() });
    for (const name of edit.remove_labels ?? []) if (labels.delete(name)) event('remove', name);
    for (const name of edit.add_labels ?? []) {
      // A scoped label replaces the other label of its scope (GitLab's scoped labels).
      const scope = name.includes('::') ? name.slice(0, name.lastIndexOf('::')) : null;
      for (const other of [...labels]) if (scope && other !== name && other.startsWith(`${scope}::`)) { labels.delete(other); event('remove', other); }
      if (!labels.has(name)) { labels.add(name); event('add', name); }
    }
    if (edit.state_event === 'close') issue.state = 'closed';
    this.issuesByIid.set(iid, { ...issue, labels: [...labels] });
    this.events.set(iid, events);
  }

  async currentUser() { return BOT; }
  async issues(query: { labels: string[]; state: 'opened' }) {
    return [...this.issuesByIid.values()].filter((issue) => issue.state === query.state && query.labels.every((l) => issue.labels.includes(l)));
  }
  async issueLabelEvents(iid: number) { return [...(this.events.get(iid) ?? [])].reverse(); }
  async issueNotes(iid: number) { return this.notes.get(iid) ?? []; }
  async createIssueNote(iid: number, body: string) {
    this.writes.push(`note #${iid}`);
    const note = { id: this.nextId++, body, system: false, authorId: BOT.id, authorUsername: BOT.username };
    this.notes.set(iid, [...(this.notes.get(iid) ?? []), note]);
    return note;
  }
  async editIssueNote(iid: number, noteId: number, body: string) {
    this.writes.push(`edit note #${iid}`);
    const notes = this.notes.get(iid) ?? [];
    const note = notes.find((n) => n.id === noteId)!;
    note.body = body;
    return note;
  }
  async editIssue(iid: number, edit: IssueLabelEdit) {
    this.writes.push(`edit issue #${iid} ${JSON.stringify(edit)}`);
    this.label(iid, BOT.username, edit);
    return this.issuesByIid.get(iid)!;
  }
  async repositoryFile(path: string, ref: string) {
    const content = this.files.get(ref)?.get(path);
    return content === undefined ? null : { content, last_commit_id: 'c0ffee', blob_id: 'b10b' };
  }
  /** branch → head commit id */
  heads = new Map<string, string>([['main', 'c0ffee'.padEnd(40, '0')]]);
  async branch(name: string) { return this.files.has(name) ? { name, commit: { id: this.heads.get(name) ?? 'c0ffee'.padEnd(40, '0') } } : null; }
  async createCommit(commit: CommitRequest) {
    this.writes.push(`commit ${commit.branch}`);
    if (!this.files.has(commit.branch)) this.files.set(commit.branch, new Map(this.files.get(commit.start_branch ?? 'main')));
    for (const action of commit.actions) this.files.get(commit.branch)!.set(action.file_path, action.content);
    const id = String(this.nextId++).padStart(40, 'a');
    this.heads.set(commit.branch, id);
    return { id };
  }
  async mergeRequests(query: { source_branch: string; state: 'opened' }) {
    return this.mrs.filter((mr) => mr.sourceBranch === query.source_branch && mr.state === query.state);
  }
  async createMergeRequest(draft: MergeRequestDraft) {
    this.writes.push(`merge request ${draft.source_branch}`);
    const iid = this.mrs.length + 1;
    const mr = { iid, title: draft.title, state: 'opened', sha: null, mergeCommitSha: null, squashCommitSha: null, webUrl: `https://gitlab.example/support/zendesk/-/merge_requests/${iid}`, sourceBranch: draft.source_branch, description: draft.description };
    this.mrs.push(mr);
    return mr;
  }

  resultNote(iid: number): string {
    return (this.notes.get(iid) ?? []).find((n) => n.body.includes('zendesk-gitops:request-result'))?.body ?? '';
  }
}

export class FakeZendesk implements RequestsZendesk {
  tickets = new Map<number, TicketPayload>();
  groups = new Map([['Support', 360001], ['Tier 2', 360002]]);
  ticketFields = new Map([['Subscription ID', 5001]]);
  agents = new Map([['lee@example.com', 7001]]);
  createCalls = 0;
  lookups = 0;
  /** Throw on this create_many call (1-based); with `madeBeforeCrash`, after making the tickets (the answer lost). */
  crashOnCall: number | null = null;
  madeBeforeCrash = false;
  /** Emails Zendesk refuses, as a 422 would. */
  refuse = new Set<string>();
  private nextId = 1;

  get writes(): number {
    return this.createCalls;
  }
  async groupIdByName(name: string) { return this.groups.get(name) ?? null; }
  async ticketFieldIdByTitle(title: string) { return this.ticketFields.get(title) ?? null; }
  async agentIdByEmail(email: string) { return this.agents.get(email.toLowerCase()) ?? null; }
  async ticketsByExternalId(externalId: string) {
    this.lookups++;
    return [...this.tickets].filter(([, t]) => t.external_id === externalId).map(([id]) => ({ id }));
  }
  async createTickets(tickets: TicketPayload[]): Promise<TicketCreation[]> {
    if (tickets.length > 100) throw new Error('create_many takes at most 100 tickets');
    this.createCalls++;
    const crash = this.crashOnCall === this.createCalls;
    if (crash && !this.madeBeforeCrash) throw new Error('socket hang up');
    const results = tickets.map((ticket, index): TicketCreation => {
      if (ticket.requester && this.refuse.has(ticket.requester.email)) return { index, created: false, reason: 'Requester: Email is not properly formatted' };
      const id = this.nextId++;
      this.tickets.set(id, ticket);
      return { index, created: true, id };
    });
    if (crash) throw new Error('socket hang up');
    return results;
  }
  async createTicket(ticket: TicketPayload) {
    this.createCalls++;
    const id = this.nextId++;
    this.tickets.set(id, ticket);
    return { created: true as const, id };
  }
  ticketUrl(id: number) { return `https://acme.zendesk.com/agent/tickets/${id}`; }
}

/** The request block as the design has it; the real parser (forms/requestBlock.ts) also runs checkSubmission. */
export function requestParser(forms: RequestForm[]) {
  return (description: string): ParsedRequest => {
    const block = /```request\n([\s\S]*?)\n```/.exec(description);
    if (!block) return { ok: false, problems: ['The description has no request block'] };
    const value = parse(block[1]) as { form: string; values: Record<string, unknown> };
    const form = forms.find((f) => f.id === value.form);
    return form ? { ok: true, form, values: value.values } : { ok: false, problems: [`Unknown form "${value.form}"`] };
  };
}

export function requestDescription(form: string, values: Record<string, unknown>): string {
  return `Please do this.\n\n\`\`\`request\n${JSON.stringify({ form, version: 1, values })}\n\`\`\`\n`;
}

export const customerTicketForm: RequestForm = {
  id: 'customer-ticket-generator',
  title: 'Customer Ticket Generator',
  action: 'customer_tickets',
  issue: { title: 'Customer tickets: {subject}', template: 'Customer Ticket Generator', labels: ['request-form::customer-tickets'] },
  approval: { approvers: ['alice', 'bob'], required_above: 50 },
  limits: { recipients: { min: 2, max: 500 } },
  fields: [
    { name: 'subject', type: 'text', label: 'Subject' },
    { name: 'body', type: 'textarea', label: 'Message' },
    { name: 'recipients', type: 'recipients', label: 'Recipients' },
  ],
  zendesk: { group: 'Support', tags: ['customer_outreach'] },
};

export const sharedOrganizationForm: RequestForm = {
  id: 'shared-organization',
  title: 'Shared Organization Request',
  action: 'shared_organization',
  issue: { title: 'Shared organization: {organization}', template: 'Shared Organization', labels: ['request-form::shared-organization'] },
  fields: [
    { name: 'organization', type: 'text', label: 'Organization' },
    { name: 'sharing', type: 'select', label: 'Sharing' },
    { name: 'acknowledge_security_risk', type: 'checkbox', label: 'I understand the security risk' },
    { name: 'users_organization_tickets', type: 'emails', label: 'Users who see all the organization’s tickets' },
  ],
};

export const organizationNoteForm: RequestForm = {
  id: 'organization-notes',
  title: 'Organization Notes Request',
  action: 'organization_note',
  issue: { title: 'Organization note: {organization}', template: 'Organization Notes', labels: [] },
  fields: [
    { name: 'organization', type: 'text', label: 'Organization' },
    { name: 'note', type: 'textarea', label: 'Note' },
    { name: 'expires', type: 'date', label: 'Expires' },
  ],
};

export function recipients(count: number): { email: string; name: string; organization: string }[] {
  return Array.from({ length: count }, (_, i) => ({ email: `customer${i + 1}@example.com`, name: `Customer ${i + 1}`, organization: 'Acme Corp' }));
}
