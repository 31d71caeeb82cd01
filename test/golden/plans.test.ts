/**
 * Golden plans: every folder here with a config/ and a live.json is a scenario (README.md).
 * Its config/ is planned by the CLI against a sandbox holding live.json, and what a reviewer
 * reads must match the files beside them: plan.txt (terminal), plan.md (the artifact),
 * plan.json (`--format json`) and plan-note.md (the merge-request note).
 * Refresh deliberately with `npx vitest run test/golden/plans.test.ts -u`.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPlanNote, type NoteContext } from '../../scripts/render/gitlab.ts';
import { goldenScenarios, runGoldenScenario } from '../helpers/goldenScenario.ts';
import { WEBHOOK_SECRETS } from '../integration/harness.ts';

const ROOT = import.meta.dirname;
const scenarios = await goldenScenarios(ROOT);

/** The merge request's pipeline, as gitlabNotes.test.ts uses it. */
const ctx: NoteContext = {
  commitSha: '3f9c2a71be04d6c58e1f0a9b7c3d2e1f4a5b6c7d',
  pipelineUrl: 'https://gitlab.example.com/support/zendesk-config/-/pipelines/4242',
  planArtifactUrl: 'https://gitlab.example.com/support/zendesk-config/-/jobs/9001/artifacts/file/plan.md',
};

describe.concurrent('golden plans', () => {
  it('finds the scenario folders', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of scenarios) {
    it(name, async ({ expect }) => {
      const folder = join(ROOT, name);
      const { text, markdown, plan } = await runGoldenScenario(folder);
      await expect(text).toMatchFileSnapshot(join(folder, 'plan.txt'));
      await expect(markdown).toMatchFileSnapshot(join(folder, 'plan.md'));
      await expect(`${JSON.stringify(plan, null, 2)}\n`).toMatchFileSnapshot(join(folder, 'plan.json'));
      const note = renderPlanNote(plan, ctx);
      await expect(note).toMatchFileSnapshot(join(folder, 'plan-note.md'));
      // What a reviewer reads never carries a webhook secret or its fingerprint, whatever live.json holds.
      for (const out of [text, markdown, JSON.stringify(plan), note]) {
        expect(out).not.toMatch(/\[credential /);
        for (const secret of Object.values(WEBHOOK_SECRETS)) expect(out).not.toContain(secret);
      }
    });
  }
});
