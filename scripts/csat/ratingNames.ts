/**
 * The names a bad-rating issue and the comments CSV show for a rating: its reason, its
 * group and (for issues) its assignee, each looked up in Zendesk by the rating's own ids,
 * never taken from the ticket or from anywhere else. Every answer checked at the edge.
 *
 * Requests: the reasons (1), the groups (one cursor list, deleted groups included: a rating
 * keeps the group it was given), and the assignees (`users/show_many`, 100 ids a request).
 */
import type { ZendeskClient } from '../zendesk/client.ts';
import { chunks, mapConcurrent } from '../zendesk/limiter.ts';
import { checkEnvelope, checkList, integer, object, text } from '../zendesk/shapes.ts';
import { PAGE_SIZE, satisfactionReasons, type SatisfactionRating } from './read.ts';

export interface RatingNames {
  reasons: ReadonlyMap<number, string>;
  groups: ReadonlyMap<number, string>;
  users: ReadonlyMap<number, string>;
}

const namedAnswer = object({ id: integer, name: text });

/** Reasons and groups always; the users named by `assigneesOf`' assignee ids. */
export async function readRatingNames(client: ZendeskClient, options: { assigneesOf: readonly SatisfactionRating[] }): Promise<RatingNames> {
  const assigneeIds = [...new Set(options.assigneesOf.flatMap((rating) => (rating.assignee_id ? [rating.assignee_id] : [])))];
  const [reasons, groups, users] = await Promise.all([satisfactionReasons(client), groupNames(client), userNames(client, assigneeIds)]);
  return { reasons, groups, users };
}

/** The reason's name as the account words it; '' when the customer gave none (or the rating is not bad). */
export function reasonName(rating: SatisfactionRating, names: RatingNames): string {
  if (rating.score !== 'bad') return '';
  if (rating.reason_id) return names.reasons.get(rating.reason_id) ?? rating.reason ?? `reason id ${rating.reason_id}`;
  return rating.reason ?? '';
}

export function groupName(rating: SatisfactionRating, names: RatingNames): string {
  if (!rating.group_id) return '';
  return names.groups.get(rating.group_id) ?? `group id ${rating.group_id}`;
}

export function assigneeName(rating: SatisfactionRating, names: RatingNames): string {
  if (!rating.assignee_id) return '';
  return names.users.get(rating.assignee_id) ?? `user id ${rating.assignee_id}`;
}

async function groupNames(client: ZendeskClient): Promise<Map<number, string>> {
  const groups = checkList(await client.listAll<unknown>('groups', 'groups'), namedAnswer, { method: 'GET', path: 'groups', what: 'group' });
  return new Map(groups.map((group) => [group.id, group.name]));
}

/** GET /users/show_many?ids= (OAS ShowManyUsers, at most 100 ids); users deleted since are left out by Zendesk. */
async function userNames(client: ZendeskClient, ids: readonly number[]): Promise<Map<number, string>> {
  const pages = await mapConcurrent(chunks(ids, PAGE_SIZE), client.concurrency, async (batch) => {
    const answer = await client.get<unknown>('users/show_many', { ids: batch });
    return checkEnvelope(answer.body, 'users', namedAnswer, { method: 'GET', path: 'users/show_many', what: 'user' });
  });
  return new Map(pages.flat().map((user) => [user.id, user.name]));
}
