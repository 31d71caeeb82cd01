/**
 * `npm run sf:check` (`ci sf-check`) on its daily schedule: the integrity report finds each
 * defect the sandboxes were seeded with exactly once, and one GitLab issue holds it (opened,
 * rewritten each run, commented only when the findings change, closed when clean), found by
 * its marker and its author. jsforce, node-zendesk and @gitbeaker/rest against the sandboxes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SALESFORCE_REPORT_MARKER, SALESFORCE_REPORT_TITLE } from '../../scripts/pipeline/sfJobs.ts';
import type { IntegrityFinding } from '../../scripts/salesforce/integrity.ts';
import { SEEDED_ACCOUNT_IDS as A, SEEDED_DEFECTS, SEEDED_ZENDESK_IDS as Z } from '../../scripts/sandbox/salesforce/seed.ts';
import type { CheckReport } from '../../scripts/sync/report.ts';
import { DEFAULT_CREDENTIALS } from '../../scripts/sandbox/zendesk/server.ts';
import { syncWorkspace, type SyncWorkspace } from '../sync/harness.ts';

let s: SyncWorkspace;
beforeEach(async () => {
  s = await syncWorkspace();
});
afterEach(() => s.close());

const LABEL = 'salesforce-integrity';
const reportIssues = () => s.gitlab.state().issues.filter((issue) => issue.labels.includes(LABEL));
const notesOn = (iid: number) => s.gitlab.state().notes.filter((n) => n.noteable_type === 'Issue' && n.noteable_iid === iid && !n.system);
const findings = async () => (JSON.parse(await s.ws.read('sf-check.json')) as CheckReport).findings;

/** The accounts and organizations a finding names. */
function idsOf(finding: IntegrityFinding): { accountIds: string[]; organizationIds: number[] } {
  switch (finding.kind) {
    case 'duplicate_organizations':
      return { accountIds: [finding.accountId], organizationIds: finding.organizationIds };
    case 'duplicate_accounts':
      return { accountIds: finding.accountIds, organizationIds: [finding.organizationId] };
    case 'organization_without_account':
      return { accountIds: [], organizationIds: [finding.organizationId] };
    case 'customer_without_organization':
      return { accountIds: [finding.accountId], organizationIds: [] };
    default:
      return { accountIds: [finding.accountId], organizationIds: [finding.organizationId] };
  }
}

/** Someone deletes an organization in the Zendesk UI. */
async function deleteOrganizationByHand(id: number): Promise<void> {
  const credentials = Buffer.from(`${DEFAULT_CREDENTIALS.email}/token:${DEFAULT_CREDENTIALS.apiToken}`).toString('base64');
  const response = await fetch(`${s.ws.sandbox.url}/api/v2/organizations/${id}.json`, { method: 'DELETE', headers: { authorization: `Basic ${credentials}` } });
  if (!response.ok) throw new Error(`DELETE organization ${id} by hand failed: ${response.status}`);
}

describe('ci sf-check', () => {
  it('finds each seeded defect exactly once, in sf-check.json, sf-check.md and the job log', async () => {
    const run = await s.ci('sf-check');
    expect(run.code).toBe(0);
    const found = await findings();
    for (const defect of SEEDED_DEFECTS) {
      const matching = found.filter((finding) => {
        const ids = idsOf(finding);
        return finding.kind === defect.kind && ids.organizationIds.join() === defect.organizationIds.join() && defect.accountIds.every((id) => ids.accountIds.includes(id));
      });
      expect(matching, defect.description).toHaveLength(1);
    }
    // Nothing else: a Former Customer without an organization (Gringotts) is no defect ("Customer accounts with no organization").
    const extra = found.filter((finding) => !SEEDED_DEFECTS.some((d) => d.kind === finding.kind && idsOf(finding).organizationIds.join() === d.organizationIds.join() && d.accountIds.every((id) => idsOf(finding).accountIds.includes(id))));
    expect(extra).toEqual([]);
    expect(run.stdout).toContain(`Dunder Mifflin (account ${A.dunderMifflin}) names organization Dunder Mifflin Paper (#${Z.dunderMifflinPaper}), which carries account ${A.piedPiper}`);
    expect(await s.ws.read('sf-check.md')).toContain(`Sirius Cybernetics (#${Z.sirius}): account_type is customer; account ${A.sirius} is Former Customer, so former_customer`);
    // A read, not a sync: nothing was written on either side.
    const { salesforce, zendesk } = s.requests();
    expect(Object.keys({ ...salesforce, ...zendesk }).filter((route) => !route.startsWith('GET ') && route !== 'POST /services/oauth2/token')).toEqual([]);
  });

  it('keeps one issue: opened, refreshed quietly, commented when the findings change, closed when clean, opened anew when they return', async () => {
    const opened = await s.ci('sf-check');
    expect(opened.stdout).toContain('Opened the integrity report issue #1');
    const [issue] = reportIssues();
    expect(issue).toMatchObject({ title: SALESFORCE_REPORT_TITLE, state: 'opened', labels: [LABEL] });
    expect(issue.description).toContain(SALESFORCE_REPORT_MARKER);
    expect(issue.description).toContain('Two or more accounts naming one organization | 1');

    const same = await s.ci('sf-check');
    expect(same.stdout).toContain('Same findings as before: refreshed the integrity report issue #1');
    expect(notesOn(1)).toEqual([]);

    expect((await s.ci('sf-sync')).code).toBe(0);
    const changed = await s.ci('sf-check');
    expect(changed.stdout).toContain('Findings changed: updated the integrity report issue #1');
    expect(notesOn(1)).toHaveLength(1);
    expect(notesOn(1)[0].body).toContain('the findings have changed (4 findings');
    expect(reportIssues()[0].description).not.toContain('Tyrell Corporation');

    // Someone cleans up Zendesk by hand: the old duplicate, and the organizations with no account.
    for (const id of [Z.cyberdyneOld, Z.dunderMifflinPaper, Z.oceanic, Z.initech]) await deleteOrganizationByHand(id);
    const clean = await s.ci('sf-check');
    expect(clean.stdout).toContain('No findings: closed the integrity report issue #1.');
    expect(reportIssues().map((i) => i.state)).toEqual(['closed']);
    expect(notesOn(1)).toHaveLength(2);
    expect(notesOn(1)[1].body).toContain('no findings');
    expect((await s.ci('sf-check')).stdout).toContain('No findings.');
    expect(notesOn(1)).toHaveLength(2);

    s.sf.updateAccount(A.stark, { Zendesk_Organization_Id__c: '360000009999' });
    const back = await s.ci('sf-check');
    expect(back.stdout).toContain('Opened the integrity report issue #2');
    expect(reportIssues().map((i) => [i.iid, i.state])).toEqual([[1, 'closed'], [2, 'opened']]);
    expect(reportIssues()[1].description).toContain(`Stark Industries (#${Z.stark}) carries account ${A.stark} (Stark Industries), whose Zendesk_Organization_Id__c is 360000009999, no organization`);
  });

  it('GitLab down mid-run: the next run neither opens a second issue nor loses the note that the findings changed', async () => {
    s.gitlab.injectFault({ method: 'POST', path: /\/issues$/, status: 503, times: 10 });
    expect((await s.ci('sf-check')).code).toBe(1);
    s.gitlab.clearFaults();
    expect((await s.ci('sf-check')).stdout).toContain('Opened the integrity report issue #1');
    expect((await s.ci('sf-check')).stdout).toContain('refreshed the integrity report issue #1');
    expect(reportIssues()).toHaveLength(1);

    expect((await s.ci('sf-sync')).code).toBe(0);
    s.gitlab.injectFault({ method: 'POST', path: /\/issues\/\d+\/notes$/, status: 503, times: 10 });
    expect((await s.ci('sf-check')).code).toBe(1);
    s.gitlab.clearFaults();
    const retried = await s.ci('sf-check');
    expect(retried.stdout).toContain('Findings changed: updated the integrity report issue #1');
    expect(notesOn(1).map((note) => note.body)).toEqual([expect.stringContaining('the findings have changed (4 findings')]);
  });

  it('finds its issue again when someone takes the label off by hand, puts the label back, and never opens a second', async () => {
    expect((await s.ci('sf-check')).stdout).toContain('Opened the integrity report issue #1');
    const markedIssues = () => s.gitlab.state().issues.filter((i) => i.description.includes(SALESFORCE_REPORT_MARKER));
    const relabeled = "The integrity report issue #1 had lost the label 'salesforce-integrity' (taken off by hand): found it by its marker and put it back.";
    s.gitlab.unlabelIssue(1, LABEL, { as: 'dana.lee' });
    // Someone else's copy of the marker, unlabelled too, is found by the same search and left alone.
    s.gitlab.addIssue({ title: 'Copied integrity report', description: `${SALESFORCE_REPORT_MARKER}\nquoted by hand`, author: 'dana.lee' });

    const same = await s.ci('sf-check');
    expect(same.stdout).toContain('Same findings as before: refreshed the integrity report issue #1');
    expect(same.stdout).toContain(relabeled);
    expect(markedIssues().map((i) => [i.iid, i.labels])).toEqual([[1, [LABEL]], [2, []]]);
    expect(notesOn(1)).toEqual([]);
    expect((await s.ci('sf-check')).stdout).not.toContain('had lost');

    expect((await s.ci('sf-sync')).code).toBe(0);
    s.gitlab.unlabelIssue(1, LABEL);
    const changed = await s.ci('sf-check');
    expect(changed.stdout).toContain('Findings changed: updated the integrity report issue #1');
    expect(changed.stdout).toContain(relabeled);
    expect(notesOn(1).map((note) => note.body)).toEqual([expect.stringContaining('the findings have changed (4 findings')]);

    s.gitlab.unlabelIssue(1, LABEL);
    for (const id of [Z.cyberdyneOld, Z.dunderMifflinPaper, Z.oceanic, Z.initech]) await deleteOrganizationByHand(id);
    const clean = await s.ci('sf-check');
    expect(clean.stdout).toContain('No findings: closed the integrity report issue #1.');
    expect(clean.stdout).toContain(relabeled);
    expect(markedIssues().map((i) => [i.iid, i.state, i.labels])).toEqual([[1, 'closed', [LABEL]], [2, 'opened', []]]);
    expect(notesOn(1)).toHaveLength(2);
    expect(notesOn(2)).toEqual([]);
  });

  it('leaves an issue carrying the marker that someone else wrote alone, and keeps its own', async () => {
    s.gitlab.addIssue({ title: 'Copied integrity report', description: `${SALESFORCE_REPORT_MARKER}\nquoted by hand`, labels: [LABEL] });
    const run = await s.ci('sf-check');
    expect(run.stdout).toContain('Opened the integrity report issue #2');
    expect(reportIssues().map((i) => [i.iid, i.description.includes('quoted by hand')])).toEqual([[1, true], [2, false]]);
    expect(notesOn(1)).toEqual([]);
  });

  it('shows names from Salesforce as text: no mention, link or quick action reaches GitLab', async () => {
    s.sf.updateAccount(A.tyrell, { Name: '@all /close see https://evil.example [x](https://evil.example)' });
    await s.ci('sf-check');
    const { description } = reportIssues()[0];
    expect(description).not.toMatch(/@all|https:\/\/evil|\[x\]\(/);
    expect(description).toContain('@\u2060all');
  });

  it('fails in one line, and touches no issue, when Salesforce refuses the credentials', async () => {
    const run = await s.ci('sf-check', { SF_CLIENT_ID: 'not-the-app' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Salesforce refused the credentials \(invalid_client_id: client identifier invalid\): check SF_CLIENT_ID \(the connected app's consumer key\)/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(s.gitlab.requestCounts()).toEqual({});
  });
});
