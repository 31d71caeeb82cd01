import { resolve } from 'node:path';
import { loadForms } from '../../scripts/forms/definition.ts';
import type { FormDefinition } from '../../scripts/forms/definition.ts';

export const REPO = resolve(import.meta.dirname, '../..');

/** The project's own five forms, as the Pages build and the processor load them. */
export async function projectForms(): Promise<FormDefinition[]> {
  const { forms, diagnostics } = await loadForms(resolve(REPO, 'config'), { cwd: REPO });
  if (diagnostics.length > 0) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n'));
  return forms;
}

export function formById(forms: readonly FormDefinition[], id: string): FormDefinition {
  const form = forms.find((f) => f.id === id);
  if (!form) throw new Error(`no form ${id}`);
  return form;
}

/** n distinct recipients as the page's textarea holds them. */
export function recipientLines(n: number): string {
  return Array.from({ length: n }, (_, i) => `person${i + 1}@customer${i % 7}.example, Person ${i + 1}, "Customer ${i % 7}, Inc."`).join('\n');
}

/** One valid submission per form, as the page collects it (text as typed, checkboxes as booleans). */
export const SAMPLE_SUBMISSIONS: Readonly<Record<string, Record<string, unknown>>> = {
  'customer-ticket-generator': {
    subject: 'Planned maintenance for {{organization}}',
    body: 'Hello {{name}},\n\nWe will upgrade your instance on 12 December.\n\n"Quotes", back\\slashes and ```fences``` stay as written.',
    recipients: 'email,name,organization\nada@acme.example, Ada Lovelace, Acme Corp\n\n"grace@navy.example","Hopper, Grace","US Navy"\nADA@acme.example, Ada again, Acme Corp',
    group: 'Tier 2',
    tags: 'maintenance outreach_2026',
    visibility: 'private',
    sent_by: 'Agent@Support.example',
  },
  'shared-organization': {
    organization: 'Acme Corp',
    sharing: 'read_only',
    users_organization_tickets: 'ada@acme.example, lead@acme.example',
    users_own_tickets: '',
    acknowledge_security_risk: true,
    justification: 'Their admin asked in ticket #1042 for the team to see each other\'s tickets.',
  },
  'organization-notes': {
    organization: 'Initech',
    note: 'Prefers calls on Tuesdays.',
    expires: '2027-01-31',
  },
  'contact-user': {
    email: 'ada@acme.example',
    name: 'Ada Lovelace',
    subject: 'Following up on our call',
    body: 'Hi Ada,\nas promised, here is the summary.',
  },
  'internal-request': {
    request_type: 'wider_community_license',
    customer_email: 'contributor@oss.example',
    customer_name: 'Open Source Org',
    duration_days: '120',
    manager_email: 'manager@company.example',
    details: 'Community contributor programme, 4 seats.',
  },
};
