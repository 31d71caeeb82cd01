/** Organization files are edited in place: the diff a reviewer sees is the request, and nothing else. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { editOrganizationFile, findOrganization, organizationRequestOf } from '../../scripts/requests/organizationRequests.ts';
import { organizationNoteForm, sharedOrganizationForm } from './fakes.ts';

const file = (name: string) => readFileSync(new URL(`../../config/organizations/${name}.yaml`, import.meta.url), 'utf8');
const ISSUE = 'https://gitlab.example/support/zendesk/-/issues/7';
const TODAY = '2026-03-01';

describe('organization file edits', () => {
  it('sharing changes only the lines it must, comments and flow lists kept', () => {
    const acme = file('acme-corp');
    const edit = editOrganizationFile(acme, 'config/organizations/acme-corp.yaml', { kind: 'share', organization: 'Acme Corp', sharing: 'read_write', users: [{ email: 'ada@acme.example', access: 'own_tickets' }, { email: 'lee@acme.example', access: 'organization_tickets' }] }, ISSUE);
    expect(edit.ok).toBe(true);
    if (!edit.ok) return;
    const expected = acme
      .replace('sharing: read_only\nsharing_approval: https://support.example.com/agent/tickets/1042', `sharing: read_write\nsharing_approval: ${ISSUE}`)
      .replace('    access: organization_tickets\n', '    access: own_tickets\n  - email: lee@acme.example\n    access: organization_tickets\n');
    expect(edit.text).toBe(expected);
    // The same request again changes nothing.
    const again = editOrganizationFile(edit.text, 'x.yaml', { kind: 'share', organization: 'Acme Corp', sharing: 'read_write', users: [{ email: 'lee@acme.example', access: 'organization_tickets' }] }, ISSUE);
    expect(again.ok && again.text).toBe(edit.text);
  });

  it('a note is appended once, with its expiry date', () => {
    const initech = file('initech');
    const edit = editOrganizationFile(initech, 'config/organizations/initech.yaml', { kind: 'note', organization: 'Initech', note: 'VIP: "escalate" #1', expires: '2027-01-31' }, ISSUE);
    expect(edit.ok && edit.text).toBe(initech.replace('  - Prefers email over phone.\n', '  - Prefers email over phone.\n  - text: \'VIP: "escalate" #1\'\n    expires: 2027-01-31\n'));
    const again = edit.ok ? editOrganizationFile(edit.text, 'x.yaml', { kind: 'note', organization: 'Initech', note: 'VIP: "escalate" #1', expires: '2027-01-31' }, ISSUE) : null;
    expect(again?.ok && edit.ok && again.text === edit.text).toBe(true);
  });

  it('refuses to share an organization marked never_share, saying why', () => {
    const edit = editOrganizationFile(file('globex'), 'config/organizations/globex.yaml', { kind: 'share', organization: 'Globex', sharing: 'read_only', users: [] }, ISSUE);
    expect(edit).toEqual({ ok: false, reason: 'Globex must never be shared: config/organizations/globex.yaml sets never_share: true. Only a reviewed change to that file can lift it, once the customer agrees in writing' });
  });

  it('finds organizations by name or file name, and not otherwise', () => {
    const orgs = [{ path: 'config/organizations/acme-corp.yaml', name: 'Acme Corp' }];
    expect(findOrganization(orgs, ' ACME corp ')?.path).toBe('config/organizations/acme-corp.yaml');
    expect(findOrganization(orgs, 'acme-corp')?.path).toBe('config/organizations/acme-corp.yaml');
    expect(findOrganization(orgs, 'Acme')).toBeNull();
    for (const path of ['../organizations/acme-corp', 'config/organizations/acme-corp.yaml', 'acme-corp.yaml', '*']) expect(findOrganization(orgs, path)).toBeNull();
    // A name that is another file's stem means the organization with that name.
    const crossed = [{ path: 'config/organizations/a.yaml', name: 'b' }, { path: 'config/organizations/b.yaml', name: 'a' }];
    expect(findOrganization(crossed, 'a')?.path).toBe('config/organizations/b.yaml');
  });

  it('a share request without the security acknowledgement, or with bad emails, is refused field by field', () => {
    const request = organizationRequestOf(sharedOrganizationForm, { organization: 'Acme Corp', sharing: 'everyone', users_organization_tickets: ['not-an-email'] }, TODAY);
    expect(request).toEqual({
      ok: false,
      problems: [
        'Sharing: must be read_only or read_write',
        "I understand the security risk: the security risk must be acknowledged: shared users see each other's tickets",
        '"not-an-email" is not an email address',
      ],
    });
    expect(organizationRequestOf(organizationNoteForm, { organization: 'Acme Corp', note: 'x', expires: '31/01/2027' }, TODAY)).toEqual({ ok: false, problems: ['Expires: must be a date written YYYY-MM-DD'] });
  });

  it('a note that expires today or earlier is refused: it would be gone from Zendesk before it was added', () => {
    const note = (expires: string) => organizationRequestOf(organizationNoteForm, { organization: 'Acme Corp', note: 'x', expires }, TODAY);
    expect(note('2026-03-01')).toEqual({ ok: false, problems: ['Expires: 2026-03-01 is not after today (2026-03-01); the note would be gone from Zendesk before it was added. Give a later date, or none'] });
    expect(note('2020-01-01').ok).toBe(false);
    expect(note('2026-03-02').ok).toBe(true);
  });

  it('a note or email that looks like YAML (new lines, `: `, anchors, tags, a document end) is written as text and reads back as typed', () => {
    const hostile = 'line one\n---\n...\nsharing: read_write\n&a *a !!js/function x # not a comment\n- never_share: false\n\u2028"\'{}[]|>';
    const initech = file('initech');
    const edit = editOrganizationFile(initech, 'config/organizations/initech.yaml', { kind: 'note', organization: 'Initech', note: hostile, expires: null }, ISSUE);
    if (!edit.ok) throw new Error(edit.reason);
    const written = parse(edit.text) as Record<string, unknown>;
    expect(written.notes).toEqual([...(parse(initech) as { notes: unknown[] }).notes, hostile]);
    expect(written.sharing).toBe((parse(initech) as Record<string, unknown>).sharing);
    const shared = editOrganizationFile(initech, 'config/organizations/initech.yaml', { kind: 'share', organization: 'Initech', sharing: 'read_only', users: [{ email: "o'hara+&x*y#z@initech.example", access: 'own_tickets' }] }, ISSUE);
    if (!shared.ok) throw new Error(shared.reason);
    expect((parse(shared.text) as { users: unknown[] }).users).toContainEqual({ email: "o'hara+&x*y#z@initech.example", access: 'own_tickets' });
  });
});
