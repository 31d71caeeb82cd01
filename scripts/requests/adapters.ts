/**
 * The processor's ports over the real clients: GitLab through GitLabClient
 * (@gitbeaker), Zendesk through ZendeskClient (node-zendesk's transport) and
 * zendesk/tickets.ts. Paging, job polling and answer checks happen below this line;
 * the processor sees only the ports (ports.ts).
 */
import type { GitLabClient } from '../gitlab/client.ts';
import { createTicket, createTickets, ticketsByExternalId } from '../zendesk/tickets.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { ZendeskApiError } from '../zendesk/errors.ts';
import { checkList, integer, maybe, object, text } from '../zendesk/shapes.ts';
import type { RequestsGitLab, RequestsZendesk, TicketCreation } from './ports.ts';

export function gitLabPort(client: GitLabClient): RequestsGitLab {
  return {
    currentUser: () => client.currentUser(),
    issues: (query) => client.issues(query),
    issueLabelEvents: (iid) => client.issueLabelEvents(iid),
    issueNotes: (iid) => client.issueNotes(iid),
    createIssueNote: (iid, body) => client.createIssueNote(iid, body),
    editIssueNote: (iid, noteId, body) => client.editIssueNote(iid, noteId, body),
    editIssue: (iid, edit) => client.editIssue(iid, edit),
    repositoryFile: (path, ref) => client.repositoryFile(path, ref),
    branch: (name) => client.branch(name),
    createCommit: (commit) => client.createCommit(commit),
    mergeRequests: (query) => client.mergeRequests(query),
    createMergeRequest: (draft) => client.createMergeRequest(draft),
  };
}

const groupAnswer = object({ id: integer, name: text });
const fieldAnswer = object({ id: integer, title: text });
const userAnswer = object({ id: integer, email: maybe(text) });

/**
 * Names become ids here, read once per run: groups (GET /groups) and ticket fields
 * (GET /ticket_fields), never an id from the issue. `sleep` reaches job polling, so
 * tests wait for nothing.
 */
export function zendeskPort(client: ZendeskClient, options: { sleep?: (ms: number) => Promise<void> } = {}): RequestsZendesk {
  let groups: Promise<{ id: number; name: string }[]> | undefined;
  let fields: Promise<{ id: number; title: string }[]> | undefined;
  let agents: Promise<{ id: number; email?: string | null }[]> | undefined;
  const read = <T>(path: string, key: string, shape: Parameters<typeof checkList<T>>[1], what: string) =>
    client.listAll<unknown>(path, key).then((items) => checkList(items, shape, { method: 'GET', path, what }));
  return {
    async groupIdByName(name) {
      groups ??= read('groups', 'groups', groupAnswer, 'group');
      return (await groups).find((group) => group.name === name)?.id ?? null;
    },
    async agentIdByEmail(email) {
      // Agents and admins, two lists: node-zendesk cannot send role[]=agent&role[]=admin (kinds/fetch.ts).
      const role = (name: string) => client.listAll<unknown>('users', 'users', { role: name })
        .then((items) => checkList(items, userAnswer, { method: 'GET', path: 'users', what: 'user' }));
      agents ??= Promise.all([role('agent'), role('admin')]).then(([a, b]) => [...a, ...b]);
      const wanted = email.toLowerCase();
      return (await agents).find((user) => user.email?.toLowerCase() === wanted)?.id ?? null;
    },
    async ticketFieldIdByTitle(title) {
      fields ??= read('ticket_fields', 'ticket_fields', fieldAnswer, 'ticket field');
      return (await fields).find((field) => field.title === title)?.id ?? null;
    },
    async ticketsByExternalId(externalId) {
      return (await ticketsByExternalId(client, externalId)).map((ticket) => ({ id: ticket.id }));
    },
    async createTickets(tickets) {
      const outcomes = await createTickets(client, tickets, options.sleep ? { sleep: options.sleep } : {});
      // `unknown` is left out: the processor checks every unreported row on its next run.
      return outcomes.flatMap((outcome): TicketCreation[] =>
        outcome.status === 'created' ? [{ index: outcome.index, created: true, id: outcome.id }]
        : outcome.status === 'failed' ? [{ index: outcome.index, created: false, reason: outcome.error }]
        : []);
    },
    async createTicket(ticket) {
      try {
        return { created: true, id: (await createTicket(client, ticket)).id };
      } catch (error) {
        // Zendesk's refusal of this ticket (422: a bad requester email, an unknown field value) is the request's to fix.
        if (error instanceof ZendeskApiError && error.status === 422) return { created: false, reason: error.message };
        throw error;
      }
    },
    ticketUrl: (id) => `${client.baseUrl}/agent/tickets/${id}`,
  };
}
