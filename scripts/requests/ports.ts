/**
 * What the request processor asks of GitLab and Zendesk, and nothing more, so its
 * logic runs against in-memory fakes in tests and against the real clients in
 * adapters.ts (Renovate's platform interface: the workers only call the interface).
 *
 * Shapes follow the design's client method list (GitLabClient, ZendeskClient
 * additions); the adapter does paging, job polling and response checks.
 */
import type {
  GitLabBranch, GitLabIssue, GitLabMergeRequest, GitLabNote, GitLabRepositoryFile, GitLabUser, NewMergeRequest,
} from '../gitlab/client.ts';

export type { GitLabIssue, GitLabMergeRequest, GitLabNote, GitLabUser };

/** GET /projects/:id/issues/:iid/resource_label_events (docs.gitlab.com/api/resource_label_events/). */
export interface LabelEvent {
  id: number;
  action: 'add' | 'remove';
  /** null when the label has since been deleted. */
  label: { name: string } | null;
  /** null when the user has since been deleted. */
  user: { username: string } | null;
  created_at: string;
}

export interface IssueLabelEdit {
  add_labels?: string[];
  remove_labels?: string[];
  state_event?: 'close' | 'reopen';
}

/** Decoded text, and the commit that last changed it. */
export type RepositoryFile = GitLabRepositoryFile;

export type RepositoryBranch = GitLabBranch;

export interface CommitRequest {
  branch: string;
  /** Creates `branch` from it; omitted when `branch` exists. */
  start_branch?: string;
  commit_message: string;
  actions: { action: 'create' | 'update'; file_path: string; content: string }[];
}

export type MergeRequestDraft = NewMergeRequest;

export interface RequestsGitLab {
  /** The token's user: the result comment is found by marker AND this author. */
  currentUser(): Promise<GitLabUser>;
  /** Every page; `labels` all required (GitLab's AND). */
  issues(query: { labels: string[]; state: 'opened' }): Promise<GitLabIssue[]>;
  issueLabelEvents(issueIid: number): Promise<LabelEvent[]>;
  /** Every page. */
  issueNotes(issueIid: number): Promise<GitLabNote[]>;
  createIssueNote(issueIid: number, body: string): Promise<GitLabNote>;
  editIssueNote(issueIid: number, noteId: number, body: string): Promise<GitLabNote>;
  editIssue(issueIid: number, edit: IssueLabelEdit): Promise<GitLabIssue>;
  /** null when the file (or the ref) does not exist. */
  repositoryFile(path: string, ref: string): Promise<RepositoryFile | null>;
  branch(name: string): Promise<RepositoryBranch | null>;
  createCommit(commit: CommitRequest): Promise<{ id: string }>;
  mergeRequests(query: { source_branch: string; state: 'opened' }): Promise<GitLabMergeRequest[]>;
  createMergeRequest(draft: MergeRequestDraft): Promise<GitLabMergeRequest>;
}

/** A ticket as POST /api/v2/tickets and tickets/create_many take it (reference §11.1). */
export interface TicketPayload {
  subject: string;
  comment: { body: string; public: boolean } | { html_body: string; public: boolean };
  requester?: { email: string; name?: string };
  group_id?: number;
  /** The sending agent (config: `sent_by`), looked up by email. */
  assignee_id?: number;
  tags?: string[];
  external_id: string;
  custom_fields?: { id: number; value: string | number | boolean | null }[];
}

/** One ticket of a create_many job, by its index in the call (reference §12 results). */
export type TicketCreation = { index: number; created: true; id: number } | { index: number; created: false; reason: string };

export interface RequestsZendesk {
  /** null when no group has that name (names are matched exactly, as Admin Center shows them). */
  groupIdByName(name: string): Promise<number | null>;
  /** An agent's or admin's id by email (case-insensitive); null when no agent has it. */
  agentIdByEmail(email: string): Promise<number | null>;
  /** Ticket field id by title; null when there is none. */
  ticketFieldIdByTitle(title: string): Promise<number | null>;
  /** GET /api/v2/tickets?external_id=… : the ids of tickets carrying it (none, one, or duplicates). */
  ticketsByExternalId(externalId: string): Promise<{ id: number }[]>;
  /**
   * POST /api/v2/tickets/create_many (≤ 100), its job polled to the end: one entry per
   * ticket the job reported. An index the job did not report is unknown (a re-run checks it).
   * Throws when the job fails or polling gives up.
   */
  createTickets(tickets: TicketPayload[]): Promise<TicketCreation[]>;
  /** POST /api/v2/tickets; a ticket Zendesk refuses (422) is `created: false` with Zendesk's reason, not an exception. */
  createTicket(ticket: TicketPayload): Promise<{ created: true; id: number } | { created: false; reason: string }>;
  /** Where an agent opens the ticket: https://<subdomain>.zendesk.com/agent/tickets/<id>. */
  ticketUrl(id: number): string;
}
