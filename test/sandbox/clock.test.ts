/** Stale-plan detection compares updated_at, so writes within one second must still move it. */
import { describe, expect, it } from 'vitest';
import { RecordClock } from '../../scripts/sandbox/zendesk/clock.ts';

describe('RecordClock', () => {
  const at = (iso: string) => new RecordClock(() => Date.parse(iso));

  it('writes second-precision ISO timestamps without millis', () => {
    expect(at('2024-03-01T10:00:00.750Z').now()).toBe('2024-03-01T10:00:00Z');
  });

  it('moves a record one second past its previous updated_at when written again in the same second', () => {
    const clock = at('2024-03-01T10:00:00.200Z');
    const first = clock.after(undefined);
    const second = clock.after(first);
    const third = clock.after(second);
    expect([first, second, third]).toEqual(['2024-03-01T10:00:00Z', '2024-03-01T10:00:01Z', '2024-03-01T10:00:02Z']);
  });

  it('uses the current time once it has caught up', () => {
    expect(at('2024-03-01T10:05:00Z').after('2024-03-01T10:00:00Z')).toBe('2024-03-01T10:05:00Z');
  });
});
