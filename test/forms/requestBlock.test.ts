/**
 * The processor's reading of an issue description (scripts/forms/requestBlock.ts): what
 * the page writes comes back unchanged for every form, and whatever else someone puts in
 * a description is refused with one plain sentence, without being evaluated or expanded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BLOCK_LENGTH, parseRequestBlock } from '../../scripts/forms/requestBlock.ts';
import { checkSubmission, formatRequestBlock, issueDescription } from '../../scripts/forms/rules.ts';
import type { FormDefinition } from '../../scripts/forms/definition.ts';
import { formById, projectForms, recipientLines, SAMPLE_SUBMISSIONS } from './helpers.ts';

let forms: FormDefinition[];
beforeAll(async () => {
  forms = await projectForms();
});

const problemsOf = (description: string) => {
  const parsed = parseRequestBlock(description, forms);
  return parsed.ok ? [] : parsed.problems;
};
const block = (body: string) => `Intro\n\n\`\`\`request\n${body}\n\`\`\`\n`;

describe('parseRequestBlock', () => {
  it('reads back what the page writes, for every form', () => {
    for (const [id, raw] of Object.entries(SAMPLE_SUBMISSIONS)) {
      const form = formById(forms, id);
      const { values } = checkSubmission(form, raw);
      const parsed = parseRequestBlock(issueDescription(form, values), forms);
      expect(parsed, id).toEqual({ ok: true, form, values });
    }
  });

  it('reads back 500 recipients and text full of Markdown, quotes and Handlebars unchanged', () => {
    const form = formById(forms, 'customer-ticket-generator');
    const { values } = checkSubmission(form, {
      ...SAMPLE_SUBMISSIONS['customer-ticket-generator'],
      subject: '{{#each users}}{{/each}} <script>alert(1)</script>',
      body: '# Heading\n\n```request\nform: x\n```\n/label ~"request::approved"\n\t"\\" — ünïcödé 😀',
      recipients: recipientLines(500),
    });
    expect(values.recipients).toHaveLength(500);
    expect(parseRequestBlock(issueDescription(form, values), forms)).toEqual({ ok: true, form, values });
  });

  it('reads a block written by hand from the issue template, with YAML\'s own types', () => {
    const parsed = parseRequestBlock(block([
      'form: internal-request',
      'version: 1',
      'values:',
      '  request_type: wider_community_license',
      '  customer_email: Contributor@OSS.example',
      '  customer_name: Open Source Org',
      '  duration_days: 60',
      '  details: |',
      '    Two lines',
      '    of details.',
    ].join('\n')), forms);
    expect(parsed.ok && parsed.values).toEqual({
      request_type: 'wider_community_license', customer_email: 'contributor@oss.example', customer_name: 'Open Source Org', duration_days: 60, details: 'Two lines\nof details.',
    });
  });

  it('says what is wrong with the values, by field label', () => {
    const parsed = parseRequestBlock(block('form: contact-user\nversion: 1\nvalues:\n  email: "not-an-email"\n  subject: "Hi"\n  body: "Text"'), forms);
    expect(parsed).toEqual({ ok: false, form: formById(forms, 'contact-user'), problems: ['Email address must be an email address, like name@example.com.'] });
  });

  it('refuses descriptions without exactly one closed request block', () => {
    expect(problemsOf('Just text')[0]).toMatch(/^The description has no request block/);
    expect(problemsOf(`${block('form: contact-user')}${block('form: contact-user')}`)).toEqual(['The description has 2 request blocks; keep exactly one.']);
    expect(problemsOf('```request\nform: contact-user\nversion: 1\n')).toEqual(['The request block is not closed: end it with a line of ``` .']);
    // A request block shown inside another code block is an example, not a request.
    expect(problemsOf(`~~~markdown\n${block('form: nope')}~~~\n${issueDescription(formById(forms, 'organization-notes'), { organization: 'Initech', note: 'Hi' })}`)).toEqual([]);
  });

  it('refuses a block that names no known form, another version or unknown keys', () => {
    expect(problemsOf(block('form: delete-everything\nversion: 1\nvalues: {}'))[0]).toMatch(/^The request block names the form "delete-everything", which does not exist \(forms: contact-user, customer-ticket-generator/);
    expect(problemsOf(block('form: contact-user\nversion: 2\nvalues: {}'))).toEqual(['The request block has version 2; this processor reads version 1. Submit the form again.']);
    expect(problemsOf(block('form: contact-user\nversion: 1\nvalues: {}\nrun: rm -rf /'))).toEqual(['The request block has unknown keys: run (allowed: form, version, values).']);
    expect(problemsOf(block('form: [contact-user]\nversion: 1'))).toEqual(['The request block does not say which form it is for (form: …).']);
    expect(problemsOf(block('form: contact-user\nversion: 1\nvalues: [a, b]'))).toEqual(['The request block\'s values: must be a mapping of field: value lines.']);
    expect(problemsOf(block('- just\n- a list'))).toEqual(['The request block must hold form:, version: and values: lines.']);
  });

  it('refuses YAML anchors and aliases, so an alias bomb never expands', () => {
    const bomb = ['form: contact-user', 'version: 1', 'values:', '  a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
      ...Array.from({ length: 8 }, (_, i) => `  ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)];
    const started = performance.now();
    expect(problemsOf(block(bomb.join('\n')))).toEqual(['The request block uses YAML anchors or aliases (& or *); write every value out.']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses custom YAML tags, duplicate keys and broken YAML', () => {
    expect(problemsOf(block('form: !!js/function "x"\nversion: 1'))[0]).toMatch(/^The request block uses the YAML tag/);
    expect(problemsOf(block('form: contact-user\nform: customer-ticket-generator\nversion: 1'))[0]).toMatch(/^The request block is not valid YAML \(Map keys must be unique/);
    expect(problemsOf(block('form: "unterminated\nversion: 1'))[0]).toMatch(/^The request block is not valid YAML/);
  });

  it('reads a block of 16,000 keys quickly, and still refuses a key written twice in any mapping', () => {
    const keys = Array.from({ length: 16_000 }, (_, i) => `  k${i}: 1`).join('\n');
    const started = performance.now();
    expect(problemsOf(block(`form: contact-user\nversion: 1\nvalues:\n${keys}`))).toContainEqual(expect.stringMatching(/more keys that are not fields/));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(problemsOf(block('form: customer-ticket-generator\nversion: 1\nvalues:\n  recipients:\n    - email: "a@b.example"\n      email: "c@d.example"'))[0])
      .toBe('The request block is not valid YAML (Map keys must be unique: "email" is there twice).');
    expect(problemsOf(block('form: contact-user\nversion: 1\nvalues:\n  ? [a]\n  : 1'))[0]).toMatch(/uses a list or mapping as a key/);
  });

  it('refuses oversized descriptions and blocks before parsing them', () => {
    expect(problemsOf('x'.repeat(1_000_001))).toEqual(['The description is longer than 1,000,000 characters; a request fits in far less.']);
    const huge = block(`form: contact-user\nversion: 1\nvalues:\n  body: "${'y'.repeat(MAX_BLOCK_LENGTH)}"`);
    expect(problemsOf(huge)).toEqual(['The request block is 200,048 characters long; at most 200,000 are allowed.']);
  });

  it('refuses wrong types inside the values', () => {
    expect(problemsOf(block('form: customer-ticket-generator\nversion: 1\nvalues:\n  subject: {a: 1}\n  body: [1]\n  recipients: 5\n  sent_by: true'))).toEqual([
      'Subject must be text.',
      'Message must be text.',
      'Recipients must be a list of recipients.',
      'Sent by must be an email address.',
      'Choose comment visibility.',
    ]);
  });

  it('formats an empty values mapping the parser reads as empty', () => {
    expect(formatRequestBlock('contact-user', {})).toContain('values: {}');
    expect(problemsOf(`\n${formatRequestBlock('contact-user', {})}\n`)).toEqual(['Email address is required.', 'Subject is required.', 'Message is required.']);
  });
});
