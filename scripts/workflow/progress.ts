/**
 * Progress lines about the network, on stderr, each starting with `… ` (the pipeline
 * leaves those out of notes). A retry cause is told once, with the first request it
 * hit; its repeats are counted, and a burst of them is summed up in one line when
 * every request it hit has ended. Rate limiting is told once. Nothing here ever holds
 * credentials: clients pass relative paths without their query strings.
 */
import { formatDuration, type NetworkEvent } from '../core/network.ts';
import type { CommandIO } from './io.ts';

interface Burst {
  /** Requests still being retried for this cause. */
  active: Set<number>;
  requests: Set<number>;
  retries: number;
  gaveUp: number;
}

export function retryNotice(io: CommandIO): (event: NetworkEvent) => void {
  const told = new Set<string>();
  const bursts = new Map<string, Burst>();
  let rateLimitTold = false;
  return (event) => {
    if (event.type === 'rate-limited') {
      if (rateLimitTold) return;
      rateLimitTold = true;
      io.stderr(
        `… Zendesk is rate limiting (429); waiting as Retry-After asks (${formatDuration(event.delayMs)} now, ` +
          `at most ${formatDuration(event.limitMs)} in all: ZENDESK_RATE_LIMIT_WAIT)\n`,
      );
      return;
    }
    if (event.type === 'retried') {
      for (const [reason, burst] of bursts) {
        if (!burst.active.delete(event.request)) continue;
        if (!event.ok) burst.gaveUp++;
        if (burst.active.size > 0) continue;
        bursts.delete(reason);
        if (burst.retries > 1) io.stderr(`… ${reason}: ${summary(burst)}\n`);
      }
      return;
    }
    const burst = bursts.get(event.reason) ?? { active: new Set(), requests: new Set(), retries: 0, gaveUp: 0 };
    bursts.set(event.reason, burst);
    burst.retries++;
    // Clients that do not number their requests: each retry counts as its own request.
    const request = event.request ?? -burst.retries;
    burst.requests.add(request);
    if (event.request !== undefined) burst.active.add(event.request);
    if (told.has(event.reason)) return;
    told.add(event.reason);
    io.stderr(`… ${event.reason} on ${event.method} ${event.label ?? event.path}; retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)}s\n`);
  };
}

function summary(burst: Burst): string {
  const requests = burst.requests.size;
  const outcome = burst.gaveUp === 0 ? 'all answered' : `${burst.gaveUp} gave up`;
  return `retried ${requests} request${requests === 1 ? '' : 's'} (${burst.retries} retr${burst.retries === 1 ? 'y' : 'ies'}), ${outcome}`;
}
