/**
 * New positions for one ordered scope. Managed objects are put, in the order
 * config/ asks, into the slots managed objects hold now; unmanaged objects keep
 * their places. Pure.
 */
import { byPosition } from '../core/diff.ts';
import type { LiveObject } from '../kinds/kind.ts';

export interface PositionUpdate {
  id: number | string;
  position: number;
}

/** The scope's objects in their new order. */
export function reorderedScope(scope: readonly LiveObject[], desiredKeys: readonly string[]): LiveObject[] {
  const current = [...scope].sort(byPosition);
  const wanted = new Set(desiredKeys);
  const byKey = new Map(current.filter((o) => wanted.has(o.key)).map((o) => [o.key, o]));
  const queue = desiredKeys.map((key) => byKey.get(key)).filter((o): o is LiveObject => o !== undefined);
  return current.map((o) => (wanted.has(o.key) ? (queue.shift() ?? o) : o));
}

/**
 * Positions for the new order, reusing the position numbers the scope already
 * has (so other scopes are not disturbed) unless they are not distinct.
 */
export function positionUpdates(scope: readonly LiveObject[], desiredKeys: readonly string[]): PositionUpdate[] {
  const current = [...scope].sort(byPosition);
  const reordered = reorderedScope(current, desiredKeys);
  const numbers = current.map((o) => o.position);
  const distinct = numbers.every((n, i) => Number.isFinite(n) && n < Number.MAX_SAFE_INTEGER && (i === 0 || n > numbers[i - 1]));
  const base = distinct ? 0 : numbers.reduce((max, n) => (n < Number.MAX_SAFE_INTEGER && n > max ? n : max), 0);
  return reordered
    .map((o, i) => ({ id: o.id, position: distinct ? numbers[i] : base + i + 1, was: o.position }))
    .filter((u) => u.position !== u.was)
    .map(({ id, position }) => ({ id, position }));
}
