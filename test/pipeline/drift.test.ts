/** `ci drift` on a schedule: one drift issue, opened, updated while drift lasts, closed when it is gone. */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRIFT_ISSUE_LABEL, DRIFT_ISSUE_MARKER, DRIFT_ISSUE_TITLE } from '../../scripts/render/gitlab.ts';
import { REPO } from '../integration/harness.ts';
import { pipelineWorkspace, type PipelineWorkspace } from './harness.ts';

let p: PipelineWorkspace;
beforeEach(async () => {
  p = await pipelineWorkspace({ applied: true });
});
afterEach(() => p.close());

const driftIssues = () => p.gitlab.state().issues.filter((i) => i.labels.includes(DRIFT_ISSUE_LABEL));
const userNotesOn = (iid: number) => p.gitlab.state().notes.filter((n) => n.noteable_type === 'Issue' && n.noteable_iid === iid && !n.system);

describe('ci drift', () => {
  it('opens one issue, updates it while drift lasts, and closes it once Zendesk matches again', async () => {
    const clean = await p.ci('drift');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('No drift: Zendesk matches config/.');
    expect(driftIssues()).toEqual([]);

    await p.editMacroByHand('Escalations::Tier 2', { description: 'changed in the Zendesk UI' });
    const opened = await p.ci('drift');
    expect(opened.code).toBe(0);
    expect(opened.stdout).toMatch(/Opened the drift issue #1/);
    const [issue] = driftIssues();
    expect(issue).toMatchObject({ title: DRIFT_ISSUE_TITLE, state: 'opened' });
    expect(issue.description).toContain(DRIFT_ISSUE_MARKER);
    expect(issue.description).toContain('changed in the Zendesk UI');

    await p.editMacroByHand('Escalations::Tier 3', { description: 'also changed by hand' });
    const updated = await p.ci('drift');
    expect(updated.code).toBe(0);
    expect(updated.stdout).toMatch(/Updated the drift issue #1/);
    expect(driftIssues()).toHaveLength(1);
    const [same] = driftIssues();
    expect(same.state).toBe('opened');
    expect(same.description).toContain('also changed by hand');
    expect(userNotesOn(same.iid)).toHaveLength(1);
    expect(userNotesOn(same.iid)[0].body).toContain(DRIFT_ISSUE_MARKER);

    // The next hourly check finds the same drift: the issue is refreshed, nobody is notified again.
    const again = await p.ci('drift');
    expect(again.stdout).toMatch(/Same drift as before: refreshed the drift issue #1/);
    expect(userNotesOn(same.iid)).toHaveLength(1);

    expect((await p.ws.run(['apply'])).code).toBe(0);
    const resolved = await p.ci('drift');
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain('closed the drift issue #1');
    expect(driftIssues().map((i) => i.state)).toEqual(['closed']);
    expect(userNotesOn(same.iid)).toHaveLength(2);

    const quiet = await p.ci('drift');
    expect(quiet.stdout).toContain('No drift');
    expect(p.gitlab.state().issues).toHaveLength(1);
  });

  it('leaves an issue with the label but without the marker alone', async () => {
    p.gitlab.addIssue({ title: 'Zendesk drift detected (filed by hand)', description: 'someone wrote this', labels: [DRIFT_ISSUE_LABEL] });
    await p.editMacroByHand('Escalations::Tier 2', { description: 'changed in the Zendesk UI' });
    expect((await p.ci('drift')).code).toBe(0);
    expect(driftIssues().map((i) => [i.iid, i.description.includes(DRIFT_ISSUE_MARKER)])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('fails the job when Zendesk cannot be read, and touches no issue', async () => {
    const result = await p.ci('drift', { ZENDESK_API_TOKEN: 'not-the-token' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rejected the credentials (401)');
    expect(p.gitlab.requestCounts()).toEqual({});
  });

  it('names the config directory it was given, in its output and on the issue', async () => {
    await cp(join(REPO, 'config'), join(p.ws.dir, 'teams/emea'), { recursive: true });
    await p.editMacroByHand('Escalations::Tier 2', { description: 'changed in the Zendesk UI' });
    expect((await p.ci('drift', {}, ['--config', 'teams/emea'])).code).toBe(0);
    expect(driftIssues()[0].description).toContain('### Zendesk no longer matches `teams/emea/`');

    expect((await p.ws.run(['apply', '--config', 'teams/emea'])).code).toBe(0);
    const resolved = await p.ci('drift', {}, ['--config', 'teams/emea']);
    expect(resolved.stdout).toContain('Zendesk matches teams/emea/ again: closed the drift issue #1.');
    expect(userNotesOn(1).at(-1)?.body).toContain('### Drift check: Zendesk matches `teams/emea/` again');
    expect((await p.ci('drift', {}, ['--config', 'teams/emea'])).stdout).toContain('No drift: Zendesk matches teams/emea/.');
  });
});
