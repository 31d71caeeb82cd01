/** The ledger and external ids that let a re-run make only the missing tickets. */
import { describe, expect, it } from 'vitest';
import { internalExternalId, recipientExternalId } from '../../scripts/requests/externalIds.ts';
import { formatLedger, parseLedger } from '../../scripts/requests/ledger.ts';

const encoded = (value: unknown) => `<!-- zendesk-gitops:request-ledger ${Buffer.from(JSON.stringify(value)).toString('base64url')} -->`;

describe('external ids', () => {
  it('are derived from project, issue and the email, ignoring its case', () => {
    const ref = { projectId: 42, issueIid: 7 };
    expect(recipientExternalId(ref, 'Ada@Acme.example')).toBe(recipientExternalId(ref, 'ada@acme.example'));
    expect(recipientExternalId(ref, 'ada@acme.example')).toMatch(/^gitlab-request-42-7-[0-9a-f]{12}$/);
    expect(recipientExternalId({ projectId: 42, issueIid: 8 }, 'ada@acme.example')).not.toBe(recipientExternalId(ref, 'ada@acme.example'));
    expect(internalExternalId(ref)).toBe('gitlab-request-42-7-internal');
  });
});

describe('ledger', () => {
  it('reads back what it wrote, inside a comment', () => {
    const ledger = { version: 1 as const, tickets: [{ externalId: 'gitlab-request-1-2-abc', id: 17 }], pending: ['gitlab-request-1-2-def'] };
    expect(parseLedger(`### Done\n\n${formatLedger(ledger)}\n`)).toEqual(ledger);
    const branch = { version: 1 as const, tickets: [], branchHead: 'a'.repeat(40) };
    expect(parseLedger(formatLedger(branch))).toEqual(branch);
  });

  it.each([
    ['no ledger', 'just a comment'],
    ['not base64url', '<!-- zendesk-gitops:request-ledger !!! -->'],
    ['not JSON', `<!-- zendesk-gitops:request-ledger ${Buffer.from('{nope').toString('base64url')} -->`],
    ['another version', encoded({ version: 2, tickets: [] })],
    ['a ticket id that is no id', encoded({ version: 1, tickets: [{ externalId: 'x', id: -1 }] })],
    ['an external id with markup', encoded({ version: 1, tickets: [{ externalId: '<img>', id: 1 }] })],
    ['pending that is not a list', encoded({ version: 1, tickets: [], pending: 'x' })],
    ['a branch head that is no commit id', encoded({ version: 1, tickets: [], branchHead: 'main' })],
    ['far too long', `<!-- zendesk-gitops:request-ledger ${'A'.repeat(500_000)} -->`],
    ['unterminated', '<!-- zendesk-gitops:request-ledger eyJ2ZXJzaW9uIjoxfQ'],
  ])('ignores junk: %s', (_, body) => {
    expect(parseLedger(body)).toBeNull();
  });
});
