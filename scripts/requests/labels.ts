/**
 * A request's state is one scoped label (`request::…`): GitLab keeps one label
 * per scope on an issue, so the state is never ambiguous in the UI.
 *
 *   new → approved (by an approver, where the form asks for it) → processing → done (closed)
 *                                                                           → failed (a comment says what to fix)
 *   failed → new: the submitter edits the description and sets request::new again.
 */
import type { IssueLabelEdit } from './ports.ts';

export const REQUEST_LABELS = {
  new: 'request::new',
  approved: 'request::approved',
  processing: 'request::processing',
  done: 'request::done',
  failed: 'request::failed',
} as const;

export type RequestState = keyof typeof REQUEST_LABELS;

/** The states a run picks up; `processing` is a run that crashed or was stopped midway. */
export const OPEN_STATES: readonly RequestState[] = ['new', 'approved', 'processing'];

const BY_LABEL = new Map<string, RequestState>(Object.entries(REQUEST_LABELS).map(([state, label]) => [label, state as RequestState]));

/**
 * The issue's state. Should someone add two (a scope is exclusive in GitLab, but an
 * import or an API call can still leave two), the one furthest along wins, so a done
 * request is never taken up again.
 */
export function stateOf(labels: readonly string[]): RequestState | null {
  const states = labels.map((label) => BY_LABEL.get(label)).filter((state): state is RequestState => state !== undefined);
  for (const state of ['done', 'failed', 'processing', 'approved', 'new'] as const) if (states.includes(state)) return state;
  return null;
}

/** The edit that moves an issue to `to`: that label added, every other state label removed, closed when done. */
export function transition(to: RequestState, labels: readonly string[]): IssueLabelEdit {
  const others = Object.values(REQUEST_LABELS).filter((label) => label !== REQUEST_LABELS[to] && labels.includes(label));
  return {
    add_labels: [REQUEST_LABELS[to]],
    ...(others.length > 0 ? { remove_labels: others } : {}),
    ...(to === 'done' ? { state_event: 'close' as const } : {}),
  };
}
