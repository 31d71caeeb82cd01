/**
 * The rules the page and the processor share (scripts/forms/rules.ts), on the project's
 * own forms: what each kind of field accepts, the messages people see, and the recipient
 * list as it is pasted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkSubmission, formatRequestBlock, issueDescription, issueTitle, newIssueLink, parseRecipientLines,
} from '../../scripts/forms/rules.ts';
import type { FormDefinition } from '../../scripts/forms/definition.ts';
import { formById, projectForms, recipientLines, SAMPLE_SUBMISSIONS } from './helpers.ts';

let forms: FormDefinition[];
beforeAll(async () => {
  forms = await projectForms();
});
const form = (id: string) => formById(forms, id);
const messages = (id: string, values: Record<string, unknown>) => checkSubmission(form(id), values).problems.map((p) => `${p.field}: ${p.message}`);

describe('checkSubmission', () => {
  it('accepts every sample submission and normalizes it: trimmed, emails lowercased, recipients deduplicated', () => {
    for (const [id, values] of Object.entries(SAMPLE_SUBMISSIONS)) expect(messages(id, values), id).toEqual([]);
    const { values } = checkSubmission(form('customer-ticket-generator'), SAMPLE_SUBMISSIONS['customer-ticket-generator']);
    expect(values.sent_by).toBe('agent@support.example');
    expect(values.recipients).toEqual([
      { email: 'ada@acme.example', name: 'Ada Lovelace', organization: 'Acme Corp' },
      { email: 'grace@navy.example', name: 'Hopper, Grace', organization: 'US Navy' },
    ]);
    expect(values.users_own_tickets).toBeUndefined();
    expect(checkSubmission(form('shared-organization'), SAMPLE_SUBMISSIONS['shared-organization']).values.users_organization_tickets)
      .toEqual(['ada@acme.example', 'lead@acme.example']);
  });

  it('names the field by its label when something required is missing', () => {
    expect(messages('contact-user', { email: ' ', subject: '', body: '  \n ' })).toEqual([
      'email: Email address is required.',
      'subject: Subject is required.',
      'body: Message is required.',
    ]);
    expect(messages('shared-organization', { ...SAMPLE_SUBMISSIONS['shared-organization'], acknowledge_security_risk: false }))
      .toEqual(['acknowledge_security_risk: I understand the security risk of sharing must be ticked.']);
  });

  it('checks emails, patterns, lengths, dates, numbers and choices', () => {
    expect(messages('contact-user', { ...SAMPLE_SUBMISSIONS['contact-user'], email: 'ada@acme' })).toEqual(['email: Email address must be an email address, like name@example.com.']);
    expect(messages('customer-ticket-generator', { ...SAMPLE_SUBMISSIONS['customer-ticket-generator'], tags: 'Bad Tag,' }))
      .toEqual(['tags: Tags: use lowercase tags separated by single spaces, like renewal_2026 outreach.']);
    expect(messages('contact-user', { ...SAMPLE_SUBMISSIONS['contact-user'], subject: 'x'.repeat(151) })).toEqual(['subject: Subject is 151 characters long; at most 150 are allowed.']);
    expect(messages('contact-user', { ...SAMPLE_SUBMISSIONS['contact-user'], subject: 'two\nlines' })).toEqual(['subject: Subject must be one line.']);
    expect(messages('organization-notes', { ...SAMPLE_SUBMISSIONS['organization-notes'], expires: '2027-02-30' })).toEqual(['expires: Expires on must be a date, like 2026-03-31.']);
    expect(messages('internal-request', { ...SAMPLE_SUBMISSIONS['internal-request'], duration_days: 'ninety' })).toContain('duration_days: Duration (days) must be a number.');
    expect(messages('internal-request', { ...SAMPLE_SUBMISSIONS['internal-request'], duration_days: '5000' })).toContain('duration_days: Duration (days) must be at most 1095.');
    expect(messages('shared-organization', { ...SAMPLE_SUBMISSIONS['shared-organization'], sharing: 'everyone' })).toEqual(['sharing: Sharing level: "everyone" is not one of the choices.']);
    expect(messages('shared-organization', { ...SAMPLE_SUBMISSIONS['shared-organization'], users_own_tickets: 'a@b.example nope' }))
      .toEqual(['users_own_tickets: Users who see only their own tickets: "nope" is not an email address.']);
  });

  it('requires the approving manager for a wider community license of more than 90 days, and only then', () => {
    const base = SAMPLE_SUBMISSIONS['internal-request'];
    expect(messages('internal-request', { ...base, manager_email: '' })).toEqual(["manager_email: Approving manager's email is required."]);
    expect(messages('internal-request', { ...base, manager_email: '', duration_days: '90' })).toEqual([]);
    expect(messages('internal-request', { ...base, request_type: 'sm_extend_trial', manager_email: '', duration_days: '120' })).toEqual([]);
  });

  it('asks for the fields each internal request needs, and drops the ones it does not', () => {
    const base = { customer_email: 'c@customer.example', customer_name: 'Customer', details: 'Please help.' };
    expect(messages('internal-request', { ...base, request_type: 'saas_change_trial_plan' })).toEqual([
      'namespace: GitLab.com namespace is required.',
      'trial_plan: Choose trial plan.',
    ]);
    expect(messages('internal-request', { ...base, request_type: 'sm_resend_license', subscription_id: 'A-S00012345' })).toEqual(['new_contact_email: New license contact is required.']);
    expect(messages('internal-request', { ...base, request_type: 'sm_resend_license', subscription_id: 'S-1', new_contact_email: 'n@c.example' }))
      .toEqual(['subscription_id: Subscription ID: write it as A-S followed by 8 digits, like A-S00012345.']);
    // A namespace typed before switching to a license request is neither checked nor kept.
    const { values, problems } = checkSubmission(form('internal-request'), { ...base, request_type: 'other', namespace: 'not a path!' });
    expect(problems).toEqual([]);
    expect(values).toEqual({ ...base, request_type: 'other' });
    expect(messages('internal-request', { ...base })).toEqual(['request_type: Choose request.']);
  });

  it('holds recipients to the form\'s limits after removing repeated addresses', () => {
    const ctg = SAMPLE_SUBMISSIONS['customer-ticket-generator'];
    expect(messages('customer-ticket-generator', { ...ctg, recipients: 'ada@acme.example\nADA@acme.example ' }))
      .toEqual(['recipients: Recipients: list at least 2 different people (found 1).']);
    expect(messages('customer-ticket-generator', { ...ctg, recipients: recipientLines(500) })).toEqual([]);
    expect(messages('customer-ticket-generator', { ...ctg, recipients: recipientLines(501) }))
      .toEqual(['recipients: Recipients: at most 500 people are allowed (found 501).']);
  });

  it('refuses wrong types and fields the form does not have, as a request block could hold them', () => {
    expect(messages('contact-user', { ...SAMPLE_SUBMISSIONS['contact-user'], subject: 42, name: ['x'], extra: 'y' })).toEqual([
      'extra: "extra" is not a field of the Contact a Single User form.',
      'name: Name must be text.',
      'subject: Subject must be text.',
    ]);
    expect(messages('shared-organization', { ...SAMPLE_SUBMISSIONS['shared-organization'], acknowledge_security_risk: 'yes' }))
      .toEqual(['acknowledge_security_risk: I understand the security risk of sharing must be true or false.']);
    expect(messages('customer-ticket-generator', { ...SAMPLE_SUBMISSIONS['customer-ticket-generator'], recipients: [{ email: 'a@b.example', phone: '1' }, 'c@d.example', { email: 7 }] })).toEqual([
      'recipients: Recipients, row 1: unknown key "phone" (allowed: email, name, organization).',
      'recipients: Recipients, row 2: must be an email, with an optional name and organization.',
      'recipients: Recipients, row 3: email must be text.',
    ]);
  });

  it('names five fields the form does not have and counts the rest, each name cut to a line', () => {
    const extra = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`${'k'.repeat(i === 0 ? 500 : 1)}${i}`, 1]));
    const problems = messages('contact-user', { ...SAMPLE_SUBMISSIONS['contact-user'], ...extra });
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/^k+0: "k{59}…" is not a field of the Contact a Single User form\.$/);
    expect(problems[5]).toBe('k5: …and 9995 more keys that are not fields of the Contact a Single User form.');
  });
});

describe('parseRecipientLines', () => {
  it('reads CSV with quotes, a header line in any column order, tabs, blank lines and CRLF', () => {
    const text = 'Organization,Email,Name\r\n\r\n"Acme, Inc.",ada@acme.example,"Ada ""The Countess"" Lovelace"\r\n  \nGlobex,hank@globex.example,\n';
    expect(parseRecipientLines(text)).toEqual({
      rows: [
        { email: 'ada@acme.example', name: 'Ada "The Countess" Lovelace', organization: 'Acme, Inc.' },
        { email: 'hank@globex.example', organization: 'Globex' },
      ],
      problems: [],
    });
    expect(parseRecipientLines('ada@acme.example\tAda\tAcme Corp').rows).toEqual([{ email: 'ada@acme.example', name: 'Ada', organization: 'Acme Corp' }]);
  });

  it('keeps duplicates for checkSubmission to remove, and reports bad lines by their number', () => {
    const { rows, problems } = parseRecipientLines('a@x.example\na@x.example\nnot-an-email, Bob\n"unclosed@x.example, Carl\na@x.example, A, B, extra\n"q"x@y.example');
    expect(rows).toHaveLength(2);
    expect(problems).toEqual([
      { line: 3, message: '"not-an-email" is not an email address.' },
      { line: 4, message: 'a quote is not closed.' },
      { line: 5, message: '4 columns; expected at most 3 (email, name, organization).' },
      { line: 6, message: 'text after a closing quote; write "" for a quote inside a quoted field.' },
    ]);
  });

  it('shows ten line problems and counts the rest', () => {
    const text = Array.from({ length: 25 }, (_, i) => `bad${i}`).join('\n');
    const { problems } = checkSubmission(form('customer-ticket-generator'), { ...SAMPLE_SUBMISSIONS['customer-ticket-generator'], recipients: text });
    expect(problems).toHaveLength(11);
    expect(problems[10].message).toBe('…and 15 more lines with problems.');
    expect(problems[0].message).toBe('Recipients, line 1: "bad0" is not an email address.');
  });
});

describe('the issue the page opens', () => {
  const projectUrl = 'https://gitlab.example.com/support/zendesk-gitops/';

  it('titles it from the form, with a choice shown by its label', () => {
    const values = checkSubmission(form('internal-request'), SAMPLE_SUBMISSIONS['internal-request']).values;
    expect(issueTitle(form('internal-request'), values)).toBe('Internal request: wider community license');
    expect(issueTitle(form('contact-user'), { email: 'a@b.example', subject: `line\u0007${'x'.repeat(300)}` })).toHaveLength(200);
  });

  it('describes it with the request block and the labels as a quick action', () => {
    const values = checkSubmission(form('organization-notes'), SAMPLE_SUBMISSIONS['organization-notes']).values;
    expect(issueDescription(form('organization-notes'), values)).toBe([
      'Request from the **Organization Notes Request** form. The request processor reads only the block below; edit it to change the request.',
      '',
      '```request',
      'form: organization-notes',
      'version: 1',
      'values:',
      '  organization: "Initech"',
      '  note: "Prefers calls on Tuesdays."',
      '  expires: "2027-01-31"',
      '```',
      '',
      '/label ~"request-form::organization-notes" ~"request::new"',
      '',
    ].join('\n'));
  });

  it('prefills GitLab\'s new-issue page, or falls back to the template and the clipboard above 8,000 characters', () => {
    const ctg = form('customer-ticket-generator');
    const small = checkSubmission(ctg, SAMPLE_SUBMISSIONS['customer-ticket-generator']).values;
    const link = newIssueLink(projectUrl, ctg, small);
    expect(link.kind).toBe('prefilled');
    const url = new URL(link.url);
    expect(url.origin + url.pathname).toBe('https://gitlab.example.com/support/zendesk-gitops/-/issues/new');
    expect(url.searchParams.get('issue[title]')).toBe('Customer tickets: Planned maintenance for {{organization}}');
    expect(url.searchParams.get('issue[description]')).toBe(issueDescription(ctg, small));
    expect(url.searchParams.has('issuable_template')).toBe(false);

    const large = checkSubmission(ctg, { ...SAMPLE_SUBMISSIONS['customer-ticket-generator'], recipients: recipientLines(500) }).values;
    const long = newIssueLink(projectUrl, ctg, large);
    expect(long.kind).toBe('clipboard');
    expect(long.url.length).toBeLessThan(300);
    expect(new URL(long.url).searchParams.get('issuable_template')).toBe('Customer Ticket Generator');
    expect(long.kind === 'clipboard' && long.description).toBe(issueDescription(ctg, large));
  });

  it('writes every value on one line, so no value can close the block or add a quick action', () => {
    const block = formatRequestBlock('contact-user', { subject: 'a\n```\n/label ~"request::approved"', body: '\u2028\u0085\u007f\ud800' });
    expect(block.split('\n')).toEqual([
      '```request', 'form: contact-user', 'version: 1', 'values:',
      '  subject: "a\\n```\\n/label ~\\"request::approved\\""',
      '  body: "\\u2028\\u0085\\u007f\\ud800"',
      '```',
    ]);
  });
});
