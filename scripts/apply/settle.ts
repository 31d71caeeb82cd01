/**
 * How an apply ends, decided once for `npm run apply` and the pipeline's apply
 * job. The logic is pure and lives in ../core/applyOutcome.ts, where the apply
 * note (render/) reads it too; this module keeps the old import path working.
 */
export { settleApply, type ApplySettlement, type VerificationResult } from '../core/applyOutcome.ts';
