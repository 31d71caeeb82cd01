/**
 * Titles that try to act in GitLab: a trigger from a merge request's YAML, and one
 * created by hand in Zendesk, each with a quick action, a mention of everyone, links,
 * an image and HTML that would break out of <summary>. The plan note and the drift
 * issue show them as text (issue 9, "Titles reach notes and issues unescaped").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRIFT_ISSUE_LABEL, PLAN_NOTE_MARKER } from '../../scripts/render/gitlab.ts';
import { pipelineWorkspace, type PipelineWorkspace } from './harness.ts';

const MR = { CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: '3f9c2a71d4e5b6a7980123456789abcdef012345' };
const PAYLOAD = '/label ~x @all https://evil.example/login [click](https://evil.example) ![x](https://evil.example/i.png) </summary><img src=x>';
/** From a merge request: one line, as validate insists. */
const YAML_TITLE = PAYLOAD;
/** Made in Zendesk, where nothing stops a line break or a terminal escape. */
const ZENDESK_TITLE = `Harmless\n${PAYLOAD}\x1b[2J`;
/** A file name is as much the merge request's choice as a title. */
const YAML_FILE = 'config/triggers/@all [x](https:evil).yaml';

let p: PipelineWorkspace;
beforeEach(async () => {
  p = await pipelineWorkspace();
  p.gitlab.addMergeRequest({ iid: 7, sha: MR.CI_COMMIT_SHA });
});
afterEach(() => p.close());

async function addHostileYamlTrigger(): Promise<void> {
  await p.ws.write(YAML_FILE, [
    `title: ${JSON.stringify(YAML_TITLE)}`,
    'conditions:',
    '  all:',
    '    - { field: update_type, operator: is, value: Create }',
    'actions:',
    '  - { field: priority, value: high }',
    '',
  ].join('\n'));
  await p.ws.edit('config/triggers/_order.yaml', '      - Route billing tickets to Billing\n', `      - Route billing tickets to Billing\n      - ${JSON.stringify(YAML_TITLE)}\n`);
}

/** Someone creates a trigger in the Zendesk admin UI. */
async function createTriggerByHand(title: string): Promise<void> {
  const credentials = Buffer.from(`${p.ws.env.ZENDESK_EMAIL}/token:${p.ws.env.ZENDESK_API_TOKEN}`).toString('base64');
  const response = await fetch(`${p.ws.sandbox.url}/api/v2/triggers.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${credentials}` },
    body: JSON.stringify({ trigger: { title, conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] }, actions: [{ field: 'priority', value: 'high' }] } }),
  });
  if (!response.ok) throw new Error(`creating trigger by hand failed: ${response.status} ${await response.text()}`);
}

/**
 * What a reviewer's GitLab would act on. Outside code fences: the Markdown GitLab
 * renders, where nothing of the payload may stay active. Inside them GitLab
 * resolves nothing (its reference filters skip pre and code), so there the value
 * is shown as typed; what matters is that no value breaks out onto a line of its own.
 */
function expectInert(markdown: string): void {
  const fences = [...markdown.matchAll(/^(`{3,})diff\n([\s\S]*?)^\1$/gm)];
  expect(fences.length).toBeGreaterThan(0);
  for (const [, , body] of fences) {
    for (const line of body.split('\n').filter(Boolean)) expect(line).toMatch(/^[-+] /);
  }
  const rendered = markdown.replace(/^(`{3,})diff\n[\s\S]*?^\1$/gm, '');
  expect(rendered).not.toMatch(/@all/); // @\u2060all: no mention
  expect(markdown).not.toMatch(/^\s*\//m); // no quick action, fenced or not
  // Links only to the pipeline and its plan.md, which the template writes itself.
  expect(rendered).not.toMatch(/\]\((?!https:\/\/gitlab\.example\.com\/)/);
  expect(rendered).not.toMatch(/:\/\/evil|www\.evil/);
  // Raw `<` only in the template's own tags: the payload's are written as &lt;.
  // (The payload cannot open a code span: its backticks are entities; the template's own spans are left out.)
  const tags = rendered.replace(/`[^`\n]*`/g, '').match(/<[^>]*>/g) ?? [];
  expect(tags.filter((tag) => !/^<\/?(details|summary|code|sub)( open)?>$|^<!-- zendesk-gitops:[a-z-]+( [\w:=-]+)? -->$/.test(tag))).toEqual([]);
  expect(rendered).toContain('&lt;/summary&gt;&lt;img src=x&gt;');
  expect(rendered).toContain('~\u2060x @\u2060all https:\u2060//evil.example/login &#91;click&#93;(https:\u2060//evil.example) !&#91;x&#93;(https:\u2060//evil.example/i.png)');
}

describe('hostile titles in the merge-request plan note and the drift issue', () => {
  it('the plan note shows a title from YAML and one made in Zendesk as text', async () => {
    await addHostileYamlTrigger();
    await createTriggerByHand(ZENDESK_TITLE);
    await p.ws.edit('config/settings.yaml', 'triggers: false', 'triggers: true');

    const result = await p.ci('plan', MR);
    expect(result.code).toBe(0);
    const note = p.notesOn(7).find((n) => n.body.includes(PLAN_NOTE_MARKER))!;
    expect(note.body).toContain('create trigger &quot;/label ~\u2060x @\u2060all');
    expect(note.body).toContain('DELETE trigger &quot;Harmless⏎/label ~\u2060x');
    expectInert(note.body);
    // The terminal gets the same titles without the escape that would clear the screen.
    expect(result.stdout).toContain('DELETE trigger "Harmless⏎/label ~x @all');
    expect(result.stdout + result.stderr).not.toContain('\x1b');
  });

  it('the drift issue shows a title made in Zendesk as text', async () => {
    await p.ws.edit('config/settings.yaml', 'triggers: false', 'triggers: true');
    expect((await p.ws.run(['apply'])).code).toBe(0);
    await createTriggerByHand(ZENDESK_TITLE);

    const result = await p.ci('drift');
    expect(result.code).toBe(0);
    const [issue] = p.gitlab.state().issues.filter((i) => i.labels.includes(DRIFT_ISSUE_LABEL));
    expect(issue.description).toContain('DELETE trigger &quot;Harmless⏎/label ~\u2060x');
    expectInert(issue.description);
    expect(result.stdout + result.stderr).not.toContain('\x1b');
  });
});
