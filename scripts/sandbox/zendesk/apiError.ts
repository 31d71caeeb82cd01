/**
 * The errors a handler throws, in Zendesk's envelopes (reference §4): rendered as they
 * are. Apart from http.ts so that auth.ts, which http.ts's types name, can use them.
 */
/** An expected error response; thrown from deep inside a handler and rendered as-is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** Reference §4: the classic error envelope. */
export function classicError(status: number, error: string, description: string): ApiError {
  return new ApiError(status, { error, description });
}

export function recordNotFound(): ApiError {
  return classicError(404, 'RecordNotFound', 'Not found');
}

export function invalidEndpoint(): ApiError {
  return classicError(404, 'InvalidEndpoint', 'Not found');
}

/** Reference §4: newer APIs (trigger categories, webhooks) answer with an `errors[]` list. */
export function errorList(status: number, code: string, title: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(status, { errors: [{ code, title, ...extra }] });
}

export interface ErrorDetail {
  description: string;
  error: string;
}

export type ValidationDetails = Record<string, ErrorDetail[]>;

/** Reference §4: 422 RecordInvalid with per-field details. */
export function recordInvalid(details: ValidationDetails): ApiError {
  return new ApiError(422, { error: 'RecordInvalid', description: 'Record validation errors', details });
}
