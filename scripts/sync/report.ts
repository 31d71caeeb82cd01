/**
 * The two artifacts as data: sf-sync.json (the plan, and what was done) and sf-check.json
 * (the integrity findings). Plain and serialisable, with a format version, like plan.json;
 * they hold account and organization names and ids, never a credential.
 */
import { createHash } from 'node:crypto';
import type { IntegrityFinding, IntegrityReport } from '../salesforce/integrity.ts';
import type { SyncPlan } from '../salesforce/syncPlan.ts';
import type { SyncResults } from './apply.ts';
import type { SourceReads } from './sources.ts';

export const SYNC_REPORT_JSON = 'sf-sync.json';
export const SYNC_REPORT_MARKDOWN = 'sf-sync.md';
export const CHECK_REPORT_JSON = 'sf-check.json';
export const CHECK_REPORT_MARKDOWN = 'sf-check.md';
export const REPORT_FORMAT_VERSION = 1;

export interface SyncReport {
  formatVersion: typeof REPORT_FORMAT_VERSION;
  /** ISO 8601, from the run's clock. */
  ranAt: string;
  dryRun: boolean;
  reads: SourceReads;
  plan: SyncPlan;
  /** null: nothing was written (a dry run, or nothing to do). */
  results: SyncResults | null;
}

export interface CheckReport {
  formatVersion: typeof REPORT_FORMAT_VERSION;
  checkedAt: string;
  reads: SourceReads;
  counts: IntegrityReport['counts'];
  findings: IntegrityFinding[];
  /** Same findings, same digest: how the report issue knows whether to comment. */
  digest: string;
}

export function checkReport(report: IntegrityReport, reads: SourceReads, checkedAt: Date): CheckReport {
  return { formatVersion: REPORT_FORMAT_VERSION, checkedAt: checkedAt.toISOString(), reads, counts: report.counts, findings: report.findings, digest: findingsDigest(report.findings) };
}

/** What was found, not when: integrityReport lists findings in a fixed order. */
export function findingsDigest(findings: readonly IntegrityFinding[]): string {
  return createHash('sha256').update(JSON.stringify(findings)).digest('hex').slice(0, 16);
}

/** Whether the plan asks for any write at all. */
export function planWrites(plan: SyncPlan): boolean {
  return plan.creates.length + plan.updates.length + plan.flags.length + plan.writeBacks.length > 0;
}
