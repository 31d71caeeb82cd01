/**
 * Golden files for what the pipeline writes into GitLab (test/golden/gitlab/):
 * the apply note, the drift issue and its notes, and the plan note where a plan folder
 * (test/golden/<scenario>/plan-note.md) cannot express the case.
 * Update them deliberately with `npx vitest run -u`.
 */
import { bindPlan } from '../../scripts/core/planDigest.ts';
import { describe, expect, it } from 'vitest';
import type { ChangeOutcome } from '../../scripts/core/applyOutcome.ts';
import { diff } from '../helpers/builders.ts';
import { type MacroSpec, type Plan, summarize } from '../../scripts/core/model.ts';
import { SENSITIVE } from '../../scripts/render/describe.ts';
import { renderMarkdown } from '../../scripts/render/markdown.ts';
import {
  APPLY_NOTE_MARKER,
  DRIFT_ISSUE_LABEL,
  DRIFT_ISSUE_MARKER,
  DRIFT_ISSUE_TITLE,
  PLAN_NOTE_MARKER,
  renderApplyNote,
  renderDriftIssue,
  renderDriftResolvedNote,
  renderDriftUpdatedNote,
  renderPlanFailedNote,
  renderPlanNote,
  type NoteContext,
} from '../../scripts/render/gitlab.ts';
import { automationSpec, desired, desiredConfig, entry, live, liveByKind, macroSpec, planWith } from '../helpers/builders.ts';

const fixed = { target: 'https://acme.zendesk.com', now: new Date('2026-11-21T10:00:00Z') };
const ctx: NoteContext = {
  commitSha: '3f9c2a71be04d6c58e1f0a9b7c3d2e1f4a5b6c7d',
  pipelineUrl: 'https://gitlab.example.com/support/zendesk-config/-/pipelines/4242',
  planArtifactUrl: 'https://gitlab.example.com/support/zendesk-config/-/jobs/9001/artifacts/file/plan.md',
};

/** Every kind of change at once: create, update, rename, reorder, delete (automations are pruned), unmanaged (macros are not). */
function mixedPlan(extraMacros: string[] = []): Plan {
  const config = desiredConfig(
    {
      macros: [
        desired('macros', macroSpec('Escalations::Tier 1')),
        desired('macros', macroSpec('Escalations::Tier 2', 'Tier 2')),
        desired('macros', macroSpec('Escalations::Tier 3', 'Tier 3'), { previousKey: 'Escalate to Tier 3' }),
        ...extraMacros.map((title) => desired('macros', macroSpec(title))),
      ],
      automations: [desired('automations', automationSpec('Close solved tickets')), desired('automations', automationSpec('Nudge pending tickets'))],
    },
    { lists: { automations: [entry('Nudge pending tickets'), entry('Close solved tickets')] }, files: { automations: 'config/automations/_order.yaml' } },
  );
  config.settings.prune.automations = true;
  return diff({
    desired: config,
    live: liveByKind({
      macros: [
        live('macros', 2, macroSpec('Escalations::Tier 2', 'Tier 1')),
        live('macros', 3, macroSpec('Escalate to Tier 3', 'Tier 3')),
        live('macros', 4, macroSpec('Downgrade and inform')),
      ],
      automations: [
        live('automations', 1, automationSpec('Close solved tickets'), { position: 1 }),
        live('automations', 2, automationSpec('Nudge pending tickets'), { position: 2 }),
        live('automations', 3, automationSpec('Legacy reminder'), { position: 3 }),
      ],
    }),
    ...fixed,
  }).plan;
}

function noChangesPlan(): Plan {
  return diff({
    desired: desiredConfig({ macros: [desired('macros', macroSpec('Escalations::Tier 1'))] }),
    live: liveByKind({ macros: [live('macros', 1, macroSpec('Escalations::Tier 1')), live('macros', 2, macroSpec('Downgrade and inform'))] }),
    ...fixed,
  }).plan;
}

const manyMacros = Array.from({ length: 40 }, (_, i) => `Canned reply ${String(i + 1).padStart(2, '0')}`);

/** What a pipeline would report after applying `plan` with the change at `failedIndex` refused by Zendesk. */
function applyWithOneFailure(plan: Plan, failedIndex: number, error: string) {
  const outcomes: ChangeOutcome[] = plan.changes.map((change, i) =>
    i === failedIndex ? { change, status: 'failed', error } : { change, status: 'applied', via: change.action === 'reorder' ? 'reorder' : 'single request' },
  );
  const leftOver = [plan.changes[failedIndex]];
  const verification: Plan = { ...plan, changes: leftOver, unmanaged: plan.unmanaged, summary: summarize(leftOver, plan.unmanaged) };
  return { plan, report: { outcomes, applied: outcomes.length - 1, failed: 1 }, verification };
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A cut that breaks Markdown shows up as an unclosed `<details>` or an odd number of fences. */
function expectWellFormed(body: string) {
  expect(body.match(/<details[ >]/g)?.length ?? 0).toBe(body.match(/<\/details>/g)?.length ?? 0);
  expect((body.match(/^`{3,}/gm)?.length ?? 0) % 2).toBe(0);
}

// The whole note for these two plans, from YAML and live records through the CLI:
// test/golden/mixed-changes/plan-note.md and test/golden/no-changes-unmanaged/plan-note.md.
describe('merge-request plan note', () => {
  it('summarises by kind, then details every change, deletes open and flagged', async () => {
    const note = renderPlanNote(mixedPlan(), ctx);
    expect(note.split('\n')[0]).toBe(PLAN_NOTE_MARKER);
    expect(note).toContain('Commit `3f9c2a71`');
    expect(note).toContain(`[Pipeline](${ctx.pipelineUrl})`);
    expect(note).toContain('<details open><summary>:warning: :x: DELETE automation');
    expect(note).toContain(':grey_question: 1 unmanaged live object');
  });

  it('says plainly when nothing would change', async () => {
    const note = renderPlanNote(noChangesPlan(), ctx);
    expect(note).toContain('### Zendesk plan: no changes');
  });

  it('drops whole sections from the end when too long, keeping the summary, the deletes and a link to the full plan', async () => {
    const plan = mixedPlan(manyMacros);
    const note = renderPlanNote(plan, { ...ctx, maxLength: 3000 });
    await expect(note).toMatchFileSnapshot('../golden/gitlab/plan-note-truncated.md');
    expect(note.length).toBeLessThanOrEqual(3000);
    expect(note).toContain('| Kind | Create | Update | Delete | Reorder | Unmanaged |');
    expect(note).toContain('**This plan deletes 1 object from Zendesk:**');
    expect(note).toMatch(/\d+ more changes and the list of 1 unmanaged live object not shown — see the full plan: \[plan\.md\]\(https:\/\/gitlab\.example\.com\/.*\/plan\.md\)/);
    expectWellFormed(note);
  });

  it('fits every limit from the bare summary up to the whole plan', () => {
    const plan = mixedPlan(manyMacros);
    const full = renderPlanNote(plan, ctx);
    const bare = renderPlanNote(plan, { ...ctx, maxLength: 2000 });
    for (let limit = bare.length; limit <= full.length; limit += 97) {
      const note = renderPlanNote(plan, { ...ctx, maxLength: limit });
      expect(note.length).toBeLessThanOrEqual(limit);
      expectWellFormed(note);
    }
    expect(renderPlanNote(plan, { ...ctx, maxLength: full.length })).toBe(full);
  });

  it('points at the pipeline when there is no artifact link', () => {
    const note = renderPlanNote(mixedPlan(manyMacros), { pipelineUrl: ctx.pipelineUrl, maxLength: 3000 });
    expect(note).toContain(`see the full plan: the <code>plan.md</code> artifact of [the pipeline](${ctx.pipelineUrl})`);
  });
});

describe('plan.md and the plan note', () => {
  /** The summary table, the delete callout's entries and each change's `<details>` block. */
  const sharedParts = (markdown: string) => ({
    headline: markdown.split('\n').find((line) => line.startsWith('### ')),
    table: markdown.split('\n').filter((line) => line.startsWith('|')),
    deletes: markdown.split('\n').filter((line) => line.startsWith('> - ')),
    details: markdown.match(/<details[\s\S]*?<\/details>/g),
  });

  it('say the same thing in the same words: headline, summary table, deletes, every change and the unmanaged objects', () => {
    const plan = mixedPlan();
    const planMd = renderMarkdown(plan);
    const note = renderPlanNote(plan, ctx);
    expect(sharedParts(planMd).details).toHaveLength(plan.changes.length + 1);
    expect(sharedParts(note)).toEqual(sharedParts(planMd));
  });

  it('both show what a reviewer should know beyond the fields (an expired note, an audit line)', () => {
    const plan = mixedPlan();
    const update = plan.changes.find((c) => c.action === 'update');
    if (update?.action !== 'update') throw new Error('mixedPlan has an update');
    update.notices = ['note expired on 2026-11-21, removed from Zendesk: "Ask @oncall first"'];
    const shown = '> :information_source: note expired on 2026-11-21, removed from Zendesk: &quot;Ask @\u2060oncall first&quot;';
    expect(renderMarkdown(plan)).toContain(shown);
    expect(renderPlanNote(plan, ctx)).toContain(shown);
    expect(renderDriftIssue(plan, ctx).description).toContain(shown);
  });

  it('differ where they must: plan.md names the config directory, links no pipeline and carries no marker', () => {
    const plan = bindPlan(mixedPlan(), { configDigest: `sha256:${'0'.repeat(64)}`, commit: null, toolVersion: '0.0.0' });
    const planMd = renderMarkdown(plan);
    expect(planMd).toContain('Zendesk `https://acme.zendesk.com` · config `config/` · planned 2026-11-21T10:00:00.000Z');
    expect(planMd).not.toMatch(/Pipeline|<!--|Check that every delete/);
    expect(renderPlanNote(plan, ctx)).toContain('Check that every delete is intended before approving.');
  });
});

describe('apply note', () => {
  it('lists each change with ✓ or ✗ and the error, failures first, then the verification', async () => {
    const plan = mixedPlan();
    const note = renderApplyNote(applyWithOneFailure(plan, 3, '422 RecordInvalid: Title: has already been taken\n(PUT macros/2)'), ctx);
    await expect(note).toMatchFileSnapshot('../golden/gitlab/apply-note-failure.md');
    expect(note.split('\n')[0]).toBe(APPLY_NOTE_MARKER);
    expect(note).toContain('### Zendesk apply: 1 of 5 changes failed');
    expect(note).toMatch(/^- ✗ update macro .* — 422 RecordInvalid: Title: has already been taken \(PUT macros\/2\)$/m);
    expect(note).toContain('Zendesk **still differs**');
  });

  it('says whether Zendesk now matches, or why it could not tell', () => {
    const plan = mixedPlan();
    const report = { outcomes: plan.changes.map((change): ChangeOutcome => ({ change, status: 'applied', via: 'single request' })), applied: plan.changes.length, failed: 0 };
    const matches = renderApplyNote({ plan, report, verification: noChangesPlan() }, ctx);
    expect(matches).toContain('### Zendesk apply: 5 changes applied');
    expect(matches).toContain('✓ Planned again after apply: Zendesk matches');
    expect(matches).not.toContain('What now');
    const unknown = renderApplyNote({ plan, report, verification: null, verificationError: 'GET triggers: 503 Service Unavailable' }, ctx);
    expect(unknown).toContain('Could not verify: planning again after apply failed (GET triggers: 503 Service Unavailable)');
  });

  it('keeps the failures when a long result list is cut', () => {
    const plan = mixedPlan(manyMacros);
    const input = applyWithOneFailure(plan, plan.changes.length - 1, 'Zendesk said no');
    const note = renderApplyNote(input, { ...ctx, maxLength: 1800 });
    expect(note.length).toBeLessThanOrEqual(1800);
    expect(note).toMatch(/^- ✗ .* — Zendesk said no$/m);
    expect(note).toMatch(/more results not shown/);
  });
});

describe('apply note: what the plan made after apply says', () => {
  const applied = (plan: Plan) => plan.changes.map((change): ChangeOutcome => ({ change, status: 'applied', via: 'single request' }));

  it('calls changes whose answer was lost but that are in place "applied", never "failed"', async () => {
    const plan = mixedPlan();
    const outcomes = applied(plan);
    const update = plan.changes.findIndex((c) => c.action === 'update' && !c.previousKey);
    outcomes[update] = { change: plan.changes[update], status: 'failed', error: 'PUT macros/2: socket hang up (no answer; it may have been applied)' };
    const report = { outcomes, applied: outcomes.length - 1, failed: 1 };
    const note = renderApplyNote({ plan, report, verification: noChangesPlan(), verificationErrors: 0 }, ctx);
    await expect(note).toMatchFileSnapshot('../golden/gitlab/apply-note-in-place.md');
    expect(note).toContain('### Zendesk apply: 5 changes applied');
    expect(note).toContain('**5 applied · 0 failed**');
    expect(note).toContain('Reported as failed, yet in place: 1 change.');
    expect(note).toMatch(/^- ✓ update macro .* <sub>\(in place after all; the request reported: PUT macros\/2: socket hang up/m);
    expect(note).not.toMatch(/changes? failed|some changes failed/i);
    expect(note).not.toContain('✗');
    expect(note).not.toContain('What now');
  });

  it('says the apply is not verified when that plan reported errors, though it found no change', () => {
    const plan = mixedPlan();
    const report = { outcomes: applied(plan), applied: plan.changes.length, failed: 0 };
    const note = renderApplyNote({ plan, report, verification: noChangesPlan(), verificationErrors: 2 }, ctx);
    expect(note).toContain('Planned again after apply, but that plan reported 2 errors');
    expect(note).toContain('so this apply is **not verified**');
    expect(note).not.toContain('Zendesk matches');
    expect(note).toContain('**What now:** fix what that plan reports');
  });

  it('keeps a lost answer a failure while Zendesk still differs or that plan has errors', () => {
    const plan = mixedPlan();
    const outcomes = applied(plan);
    outcomes[1] = { change: plan.changes[1], status: 'failed', error: 'timed out' };
    const report = { outcomes, applied: outcomes.length - 1, failed: 1 };
    const note = renderApplyNote({ plan, report, verification: noChangesPlan(), verificationErrors: 1 }, ctx);
    expect(note).toContain('### Zendesk apply: 1 of 5 changes failed');
    expect(note).toMatch(/^- ✗ .* — timed out$/m);
    expect(note).not.toContain('in place');
  });
});

describe('plan note when no plan could be made', () => {
  it('lists the problems and links no plan.md, because none was written', async () => {
    const note = renderPlanFailedNote('config/ is invalid', ['config/macros/a.yaml:3:1: error: unknown field \'acions\''], ctx);
    await expect(note).toMatchFileSnapshot('../golden/gitlab/plan-note-failed.md');
    expect(note).toContain(`Commit \`3f9c2a71\` · [Pipeline](${ctx.pipelineUrl})`);
    expect(note).not.toContain('plan.md');
    expect(note).not.toContain('Zendesk ``');
  });
});

describe('the config directory given with --config', () => {
  const inTeam = (plan: Plan): Plan => ({ ...plan, configRoot: 'teams/emea' });

  it('is named in every note and issue, never config/', () => {
    const clean = inTeam(noChangesPlan());
    const plan = renderPlanNote(clean, ctx);
    expect(plan).toContain('Zendesk already matches `teams/emea/`');
    expect(plan).toContain('set <code>prune</code> for their kind in <code>teams/emea/settings.yaml</code>');
    expect(plan).toContain('applies <code>teams/emea/</code> to Zendesk');
    const resolved = renderDriftResolvedNote('teams/emea', ctx);
    expect(resolved).toContain('### Drift check: Zendesk matches `teams/emea/` again');
    const drift = renderDriftIssue(inTeam(mixedPlan()), ctx).description;
    expect(drift).toContain('### Zendesk no longer matches `teams/emea/`');
    expect(drift).toContain('`npm run import -- --config teams/emea --kinds <kinds> --force`');
    const mixed = inTeam(mixedPlan());
    const report = { outcomes: mixed.changes.map((change): ChangeOutcome => ({ change, status: 'applied', via: 'single request' })), applied: mixed.changes.length, failed: 0 };
    expect(renderApplyNote({ plan: mixed, report, verification: clean }, ctx)).toContain('Zendesk matches <code>teams/emea/</code>.');
    for (const body of [plan, resolved]) expect(body).not.toMatch(/[\s>`]config\//);
  });
});

describe('drift issue', () => {
  it('has the title, the label, the plan and how to fix it, with the digest to vouch for', async () => {
    const plan = bindPlan(mixedPlan(), { configDigest: `sha256:${'c'.repeat(64)}`, commit: null, toolVersion: '0.1.0' });
    const issue = renderDriftIssue(plan, ctx);
    expect(issue.title).toBe(DRIFT_ISSUE_TITLE);
    expect(issue.labels).toEqual([DRIFT_ISSUE_LABEL]);
    await expect(issue.description).toMatchFileSnapshot('../golden/gitlab/drift-issue.md');
    expect(issue.description.split('\n')[0]).toBe(DRIFT_ISSUE_MARKER);
    expect(issue.description).toContain('#### How to fix');
    expect(issue.description).toContain(`with the variable \`ZENDESK_REVIEWED_PLAN\` set to \`${plan.digest}\``);
  });

  it('promises what ensureDriftIssue does: rewrite on each check, comment only when the drift changed, comment and close when gone', () => {
    const { description } = renderDriftIssue(mixedPlan(), ctx);
    expect(description).toContain(
      'Each later check that still finds drift rewrites this description, and comments here only when what differs has changed; ' +
        'the first check that finds no drift comments and closes this issue.',
    );
    expect(renderDriftUpdatedNote(mixedPlan(), ctx)).toContain('Checks that find the same drift again refresh the description without commenting.');
  });

  it('follows up with a note while drift lasts and one when it is gone', async () => {
    const updated = renderDriftUpdatedNote(mixedPlan(), ctx);
    await expect(updated).toMatchFileSnapshot('../golden/gitlab/drift-updated-note.md');
    const resolved = renderDriftResolvedNote("config", ctx);
    await expect(resolved).toMatchFileSnapshot('../golden/gitlab/drift-resolved-note.md');
    for (const body of [updated, resolved]) expect(body.split('\n')[0]).toBe(DRIFT_ISSUE_MARKER);
  });
});

describe('sensitive values', () => {
  it('never appear in any note or issue', () => {
    const plan = planWith(mixedPlan(), [{
      action: 'update', kind: 'macros', key: 'Notify the on-call phone', file: 'config/macros/notify.yaml', live: { id: 9, updatedAt: '' },
      fields: [{ path: 'authentication.credential', before: 'old-secret-value', after: 'new-secret-value', sensitive: true }], after: {} as MacroSpec,
    }]);
    const bodies = [
      renderPlanNote(plan, ctx),
      renderApplyNote(applyWithOneFailure(plan, plan.changes.length - 1, 'rejected'), ctx),
      renderDriftIssue(plan, ctx).description,
      renderDriftUpdatedNote(plan, ctx),
    ];
    for (const body of bodies) expect(body).not.toContain('secret-value');
    for (const body of [bodies[0], bodies[2], bodies[3]]) expect(body).toMatch(new RegExp(`^\\+ authentication\\.credential: .*${literal(SENSITIVE)}$`, 'm'));
  });
});
