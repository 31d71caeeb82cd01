/**
 * Loading config/forms/ (scripts/forms/definition.ts): the project's forms load clean and
 * match their committed issue templates, and each mistake a maintainer can make in a form
 * file is reported at its file and line, with the form left out.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadForms } from '../../scripts/forms/definition.ts';
import { issueTemplateText } from '../../scripts/forms/issueTemplate.ts';
import { parseRequestBlock } from '../../scripts/forms/requestBlock.ts';
import { projectForms, REPO } from './helpers.ts';

describe('the project\'s forms', () => {
  it('are the five forms of issue 11, each with its own template and form label', async () => {
    const forms = await projectForms();
    expect(forms.map((f) => [f.id, f.title, f.action])).toEqual([
      ['contact-user', 'Contact a Single User', 'single_ticket'],
      ['customer-ticket-generator', 'Customer Ticket Generator', 'customer_tickets'],
      ['internal-request', 'Internal Requests', 'internal_request'],
      ['organization-notes', 'Organization Notes Request', 'organization_note'],
      ['shared-organization', 'Shared Organization Request', 'shared_organization'],
    ]);
    const ctg = forms.find((f) => f.id === 'customer-ticket-generator')!;
    expect(ctg.limits).toEqual({ recipients: { min: 2, max: 500 } });
    expect(ctg.approval?.required_above).toBe(50);
    const groups = [...new Set(forms.find((f) => f.id === 'internal-request')!.fields[0].options!.map((o) => o.group))];
    expect(groups).toEqual(['SaaS subscription', 'SaaS trial', 'Self-managed license (paid customers only)', 'Self-managed trial', 'Other']);
  });

  it('have committed issue templates equal to what `npm run pages -- --issue-templates` writes, each with a block the processor reads', async () => {
    const forms = await projectForms();
    for (const form of forms) {
      const committed = await readFile(join(REPO, '.gitlab', 'issue_templates', `${form.issue.template}.md`), 'utf8');
      expect(committed, `${form.issue.template}.md is out of date: run npm run pages -- --issue-templates`).toBe(issueTemplateText(form));
      expect(committed).toContain(`/label ~"${form.issue.labels[0]}" ~"request::new"`);
      const parsed = parseRequestBlock(committed, forms);
      // An unfilled template is refused for what is missing, not for its shape.
      expect(parsed.ok === false && parsed.form?.id).toBe(form.id);
    }
  });
});

describe('loadForms on a broken form file', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'forms-'));
    await mkdir(join(root, 'config', 'forms'), { recursive: true });
    await mkdir(join(root, '.gitlab', 'issue_templates'), { recursive: true });
    await writeFile(join(root, '.gitlab', 'issue_templates', 'Notes.md'), 'template\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const GOOD = [
    'title: Notes',
    'description: Add a note.',
    'action: organization_note',
    'issue: { title: "Note: {organization}", template: Notes, labels: [request-form::notes] }',
    'fields:',
    '  - { name: organization, type: text, label: Organization, required: true }',
    '  - { name: note, type: textarea, label: Note, required: true }',
  ];

  async function diagnosticsFor(lines: string[], file = 'notes.yaml') {
    await rm(join(root, 'config', 'forms'), { recursive: true, force: true });
    await mkdir(join(root, 'config', 'forms'));
    await writeFile(join(root, 'config', 'forms', file), `${lines.join('\n')}\n`);
    const { forms, diagnostics } = await loadForms(join(root, 'config'), { cwd: root });
    return { forms, shown: diagnostics.map((d) => `${d.file}:${d.line}:${d.col}${d.field ? ` (${d.field})` : ''}: ${d.message}`) };
  }

  it('loads a good one', async () => {
    expect(await diagnosticsFor(GOOD)).toMatchObject({ shown: [], forms: [{ id: 'notes', title: 'Notes' }] });
  });

  it('reports schema errors at their line', async () => {
    const { forms, shown } = await diagnosticsFor([...GOOD, '  - { name: when, type: calendar, label: When, colour: red }']);
    expect(forms).toEqual([]);
    expect(shown).toEqual([
      "config/forms/notes.yaml:8:19 (fields[2].type): must be one of: text, textarea, email, emails, select, checkbox, date, number, recipients (found 'calendar')",
      "config/forms/notes.yaml:8:48 (fields[2].colour): unknown field 'colour' (allowed: name, type, label, help, required, required_when, shown_when, pattern, pattern_message, min_length, max_length, min, max, max_items, options, default, placeholder)",
    ]);
  });

  it('reports what a schema cannot: a condition on a missing field, repeated options, a bad pattern, a missing template', async () => {
    const { shown } = await diagnosticsFor([
      ...GOOD.slice(0, 3),
      'issue: { title: "Note: {organisation}", template: Missing, labels: [x] }',
      'fields:',
      '  - { name: organization, type: text, label: Organization, pattern: "[a-z" }',
      '  - { name: note, type: textarea, label: Note, required_when: { field: kinds, equals: [a] } }',
      '  - name: kind',
      '    type: select',
      '    label: Kind',
      '    options: [{ value: a, label: A }, { value: a, label: Also A }]',
      '  - { name: note, type: text, label: Again }',
    ]);
    expect(shown).toEqual([
      'config/forms/notes.yaml:4:10 (issue.title): the title names {organisation}, which is not a field',
      'config/forms/notes.yaml:4:41 (issue.template): the issue template .gitlab/issue_templates/Missing.md does not exist',
      'config/forms/notes.yaml:6:60 (fields[0].pattern): the pattern does not compile: Invalid regular expression: /[a-z/u: Unterminated character class',
      "config/forms/notes.yaml:7:65 (fields[1].required_when.field): 'kinds' is not a field of this form",
      "config/forms/notes.yaml:11:41 (fields[2].options[1].value): the option value 'a' is listed twice",
      "config/forms/notes.yaml:12:7 (fields[3].name): a second field named 'note'; field names must be unique",
    ]);
  });

  it('refuses anchors, YAML errors and file names that are not kebab-case', async () => {
    expect((await diagnosticsFor([...GOOD, 'zendesk: { tags: &t [a] , group: *t }'])).shown)
      .toEqual(['config/forms/notes.yaml:8:21: form files do not use YAML anchors or aliases (& and *): write each value out']);
    expect((await diagnosticsFor(['title: [unclosed'])).shown[0]).toMatch(/^config\/forms\/notes\.yaml:2:1: invalid YAML: /);
    expect((await diagnosticsFor(GOOD, 'Notes Form.yaml')).shown)
      .toEqual(["config/forms/Notes Form.yaml:1:1: the file name 'Notes Form.yaml' is the form's id and must be kebab-case, like customer-ticket-generator.yaml"]);
  });
});
