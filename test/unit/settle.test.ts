/**
 * How apply ends is decided by the plan made afterwards: a change whose answer
 * was lost but is in place is a success, and a verification plan with errors
 * (duplicate titles, say) is not a verification.
 */
import { describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../scripts/apply/apply.ts';
import { settleApply } from '../../scripts/core/applyOutcome.ts';
import { reportVerification } from '../../scripts/workflow/applyReport.ts';
import type { CommandIO } from '../../scripts/workflow/io.ts';
import type { PlanResult } from '../../scripts/workflow/steps.ts';
import type { Change, MacroSpec, Plan } from '../../scripts/core/model.ts';

const change: Change = { action: 'create', kind: 'macros', key: 'Billing::Refund issued', file: 'config/macros/billing-refund-issued.yaml', after: {} as MacroSpec };
const lost: ApplyReport = { outcomes: [{ change, status: 'failed', error: 'POST macros failed: no answer from Zendesk within 60 s' }], applied: 0, failed: 1 };

function plan(changes: Change[] = []): Plan {
  return {
    formatVersion: 2, createdAt: '2026-11-21T10:00:00.000Z', target: 'http://127.0.0.1:4010', configRoot: 'teams/emea',
    changes, unmanaged: [], summary: { create: changes.length, update: 0, delete: 0, reorder: 0, unmanaged: 0 },
  };
}

function capture(): CommandIO & { out: string; err: string } {
  const io = {
    out: '', err: '', env: {}, cwd: '/', color: false, now: () => new Date(0),
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

describe('settleApply', () => {
  it('a failed answer whose change is in place ends the apply successfully', () => {
    const settled = settleApply(lost, { changes: 0, errors: 0 });
    expect(settled).toMatchObject({ outcome: 'verified', exitCode: 0 });
    expect(settled.outcome === 'verified' && settled.lostButApplied.map((o) => o.change)).toEqual([change]);
  });

  it('a verification plan with errors is not a verification, even with nothing left to change', () => {
    expect(settleApply({ outcomes: [], applied: 0, failed: 0 }, { changes: 0, errors: 1 })).toMatchObject({ outcome: 'incomplete', exitCode: 1 });
  });

  it('changes still left, or no verification at all, fail the apply', () => {
    expect(settleApply(lost, { changes: 1, errors: 0 }).exitCode).toBe(1);
    expect(settleApply(lost, null)).toMatchObject({ outcome: 'unverified', exitCode: 1 });
  });
});

describe('reportVerification', () => {
  it('names the config directory that was given, and prints the verification plan\'s problems', () => {
    const io = capture();
    const result: PlanResult = {
      plan: plan(),
      live: undefined as never,
      diagnostics: [{ severity: 'error', file: 'teams/emea/triggers/a.yaml', line: 1, col: 1, message: "2 live triggers are titled 'A'; teams/emea/ cannot tell them apart" }],
    };
    expect(reportVerification(io, result, 'teams/emea/')).toEqual({ changes: 0, errors: 1 });
    expect(io.err).toContain("teams/emea/triggers/a.yaml:1:1: error: 2 live triggers are titled 'A'");
    expect(io.out).toContain('has 1 error (above), so the result is not verified');
    expect(io.out).not.toContain('Verified');
  });

  it('says Zendesk matches the directory given when the plan is clean', () => {
    const io = capture();
    reportVerification(io, { plan: plan(), live: undefined as never, diagnostics: [] }, 'teams/emea/');
    expect(io.out).toBe('Verified: Zendesk now matches teams/emea/.\n');
  });
});
