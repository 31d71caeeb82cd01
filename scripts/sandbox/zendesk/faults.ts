/**
 * Injected failures for retry tests: the next `times` API requests matching method and
 * path fail with the given status, or have their socket destroyed before they run
 * ('drop'), or run and then lose their answer ('lost-answer': Zendesk did the write,
 * the client never hears so, as after a timeout or a reset on the way back), or run
 * twice and answer once ('delivered-twice': a proxy that repeated a request).
 */
export interface FaultSpec {
  method?: string;
  /**
   * A string matches the path exactly, with or without `.json`, either as requested
   * (`/api/v2/triggers/123`) or as its request-count key (`/api/v2/triggers/:id`).
   * A RegExp is tested against both forms.
   */
  path?: string | RegExp;
  status: 429 | 500 | 502 | 503 | 'drop' | 'lost-answer' | 'delivered-twice';
  times: number;
  retryAfterSeconds?: number;
}

export interface FaultTarget {
  method: string;
  /** `/api/v2/triggers/123` (no `.json`, no query). */
  path: string;
  /** `/api/v2/triggers/:id`. */
  normalizedPath: string;
}

interface ArmedFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultInjector {
  #faults: ArmedFault[] = [];

  inject(spec: FaultSpec): void {
    if (!Number.isInteger(spec.times) || spec.times < 1) throw new Error('FaultSpec.times must be a positive integer');
    this.#faults.push({ spec, remaining: spec.times });
  }

  clear(): void {
    this.#faults = [];
  }

  /** The fault to apply to this request, consuming one of its `times`. */
  take(target: FaultTarget): FaultSpec | undefined {
    const armed = this.#faults.find((fault) => matches(fault.spec, target));
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining === 0) this.#faults = this.#faults.filter((fault) => fault !== armed);
    return armed.spec;
  }
}

function matches(spec: FaultSpec, target: FaultTarget): boolean {
  if (spec.method && spec.method.toUpperCase() !== target.method) return false;
  if (spec.path === undefined) return true;
  if (spec.path instanceof RegExp) return spec.path.test(target.path) || spec.path.test(target.normalizedPath);
  const wanted = spec.path.replace(/\.json$/, '');
  return wanted === target.path || wanted === target.normalizedPath;
}

/** Bodies for injected statuses; 429 follows reference §3.3, the 5xx ones §4 (transient). */
export function faultBody(status: Exclude<FaultSpec['status'], 'drop' | 'lost-answer' | 'delivered-twice'>): { error: string; description: string } {
  switch (status) {
    case 429:
      return { error: 'TooManyRequests', description: 'Rate limit exceeded (injected by the sandbox)' };
    case 500:
      return { error: 'InternalServerError', description: 'Injected by the sandbox' };
    case 502:
      return { error: 'BadGateway', description: 'Injected by the sandbox' };
    case 503:
      return { error: 'unavailable', description: 'Service temporarily unavailable (injected by the sandbox)' };
  }
}
