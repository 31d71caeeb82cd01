/**
 * The sync plan, its result and the integrity report, for people: the terminal (every
 * Salesforce or Zendesk value through `plainText`) and Markdown through the templates in
 * templates/sync/ (every such value through `inert`). One describer per line, given the
 * right escaping, so the job log, sf-sync.md and the report issue cannot disagree.
 */
import { FINDING_KINDS, type FindingKind, type IntegrityFinding } from '../salesforce/integrity.ts';
import type { SalesforceSyncConfig } from '../salesforce/config.ts';
import type { SyncConflict, SyncPlan } from '../salesforce/syncPlan.ts';
import { inert, plainText } from '../render/inert.ts';
import { renderTemplate } from '../render/templates.ts';
import { count } from '../render/words.ts';
import type { SyncFailure, SyncResults } from './apply.ts';
import type { CheckReport, SyncReport } from './report.ts';
import type { SourceReads } from './sources.ts';

/** How a value from Salesforce or Zendesk is made safe where it is shown. */
type Mark = (text: string) => string;

/** sf-sync.md and the report issue list this many per kind; the JSON has all. */
export const MARKDOWN_LINES_PER_KIND = 1_000;
export const ISSUE_LINES_PER_KIND = 50;

interface Section {
  title: string;
  total: number;
  lines: string[];
  hidden: number;
}

const shown = (value: unknown): string => (value === null || value === undefined || value === '' ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value));

// ── The sync ──────────────────────────────────────────────────────────────────────────────

export function planCountsLine(plan: SyncPlan): string {
  const s = plan.summary;
  return [
    `${s.creates} to create`,
    `${s.updates} to update`,
    `${s.flags} to flag`,
    `${count(s.writeBacks, 'id', 'ids')} to write back`,
    count(s.conflicts, 'conflict', 'conflicts'),
    `${s.protectedSkipped} protected left alone`,
    `${s.unchanged} unchanged`,
  ].join(', ');
}

function readsLine(reads: SourceReads): string {
  const how = reads.zendeskRead === 'search-export' ? 'search/export' : 'the organization list';
  return (
    `${count(reads.accounts, 'account', 'accounts')} (${reads.accountTypes.join(', ')}; ${count(reads.salesforcePages, 'query page', 'query pages')}), ` +
    `${count(reads.organizations, 'organization', 'organizations')} (${how}; ${count(reads.zendeskRequests, 'request', 'requests')})`
  );
}

function planSections(plan: SyncPlan, config: SalesforceSyncConfig, mark: Mark): { title: string; lines: string[] }[] {
  const account = (id: string) => `account ${mark(id)}`;
  return [
    {
      title: 'Create',
      lines: plan.creates.map((create) => {
        const fields = Object.entries(create.organization.organization_fields).filter(([key]) => key !== config.matchField);
        return `+ ${mark(create.organization.name)} (${account(create.account.id)})${fields.length > 0 ? `: ${fields.map(([key, value]) => `${mark(key)} ${mark(shown(value))}`).join(', ')}` : ''}`;
      }),
    },
    {
      title: 'Update',
      lines: plan.updates.map((update) => `~ ${mark(update.name)} (#${update.id}, ${account(update.accountId)}): ${update.changes.map((c) => `${mark(c.field)} ${mark(shown(c.before))} → ${mark(shown(c.after))}`).join('; ')}`),
    },
    {
      title: 'Flag',
      lines: plan.flags.map((flag) => `! ${mark(flag.name)} (#${flag.id}): ${mark(config.flagField)} → true; ${account(flag.accountId)} is gone, or not ${mark(config.accountTypes.join(' or '))}`),
    },
    {
      title: 'Write back',
      lines: plan.writeBacks.map((entry) => `← ${mark(entry.accountName)} (${account(entry.accountId)}): ${mark(config.zendeskIdField)} ${mark(shown(entry.before))} → ${entry.organizationId}`),
    },
    { title: 'Conflicts (reported, not applied)', lines: plan.conflicts.map((conflict) => `? ${conflictLine(conflict, mark)}`) },
    {
      title: 'Protected (left alone)',
      lines: plan.protectedSkipped.map((skip) => `= ${mark(skip.name)} (#${skip.id})${skip.wouldChange.length > 0 ? `: would change ${skip.wouldChange.map(mark).join(', ')}` : ''}`),
    },
  ];
}

export function conflictLine(conflict: SyncConflict, mark: Mark): string {
  switch (conflict.reason) {
    case 'managed':
      return `${mark(conflict.organizationName)} (#${conflict.organizationId}): ${mark(conflict.field)} is declared in ${mark(conflict.file)}, which keeps ${mark(shown(conflict.before))}; the account says ${mark(shown(conflict.after))}`;
    case 'duplicate_organizations':
      return `${mark(conflict.accountName)} (account ${mark(conflict.accountId)}): organizations ${conflict.organizationIds.map((id) => `#${id}`).join(', ')} all carry it; none is changed until one is fixed`;
    case 'name_taken':
      return `${mark(conflict.accountName)} (account ${mark(conflict.accountId)}): the name is taken by ${conflict.organizationId === null ? 'the organization this run creates' : `organization #${conflict.organizationId}`} for account ${mark(conflict.otherAccountId)}; nothing is created`;
    case 'name_protected':
      return `${mark(conflict.accountName)} (account ${mark(conflict.accountId)}): the name is that of protected organization #${conflict.organizationId}, which the sync never adopts or changes; nothing is created or written back`;
    case 'unmapped_value':
    case 'not_a_date':
    case 'not_a_number':
    case 'not_a_scalar': {
      const why = { unmapped_value: 'has no entry in the mapping', not_a_date: 'is not a date', not_a_number: 'is not a number', not_a_scalar: 'is not a single value' }[conflict.reason];
      const where = conflict.organizationId === null ? 'the new organization is created without it' : `organization #${conflict.organizationId} keeps its value`;
      return `${mark(conflict.accountName)} (account ${mark(conflict.accountId)}): ${mark(conflict.from)} ${mark(shown(conflict.value))} ${why} for ${mark(conflict.field)}; ${where}`;
    }
  }
}

function section(title: string, lines: string[], limit: number): Section {
  return { title, total: lines.length, lines: lines.slice(0, limit), hidden: Math.max(0, lines.length - limit) };
}

/** The plan in the terminal: the reads, the counts, then the first `report.first_changes` of each kind. */
export function syncPlanText(plan: SyncPlan, reads: SourceReads, config: SalesforceSyncConfig): string {
  const out = [`Salesforce sync plan: ${readsLine(reads)}`, `  ${planCountsLine(plan)}`, ''];
  for (const part of planSections(plan, config, plainText)) {
    if (part.lines.length === 0) continue;
    const shownPart = section(part.title, part.lines, config.report.firstChanges);
    out.push(`${part.title} (${shownPart.total}):`);
    for (const line of shownPart.lines) out.push(`  ${line}`);
    if (shownPart.hidden > 0) out.push(`  … and ${shownPart.hidden} more (all of them in sf-sync.json)`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export function resultCountsLine(results: SyncResults): string {
  return [
    `${results.created.length} created`,
    ...(results.adopted.length > 0 ? [`${results.adopted.length} adopted`] : []),
    `${results.updated.length} updated`,
    `${results.flagged.length} flagged`,
    `${count(results.writtenBack.length, 'id', 'ids')} written back`,
    `${results.failed.length} failed`,
  ].join(', ');
}

function failureLine(failure: SyncFailure, mark: Mark): string {
  const subject = failure.organizationId !== undefined ? `${mark(failure.name)} (#${failure.organizationId})` : `${mark(failure.name)} (account ${mark(failure.accountId ?? '')})`;
  return `${failure.step}: ${subject}: ${mark(failure.error)}`;
}

export function syncResultText(results: SyncResults): string {
  const out = [`Done: ${resultCountsLine(results)} (${count(results.requests.zendeskJobs, 'Zendesk job', 'Zendesk jobs')}, ${count(results.requests.salesforceCalls, 'Salesforce update call', 'Salesforce update calls')}).`];
  for (const adopted of results.adopted) out.push(`  adopted ${plainText(adopted.name)} (#${adopted.organizationId}): Zendesk already had it (created by an earlier run, or by hand); its id is written back`);
  for (const conflict of results.conflicts) out.push(`  ? ${conflictLine(conflict, plainText)}`);
  if (results.failed.length > 0) {
    out.push(`Failed (${results.failed.length}); the next run retries what is still different:`);
    for (const failure of results.failed) out.push(`  ✗ ${failureLine(failure, plainText)}`);
  }
  return `${out.join('\n')}\n`;
}

export function syncMarkdown(report: SyncReport, config: SalesforceSyncConfig): string {
  const sections = planSections(report.plan, config, inert)
    .filter((part) => part.lines.length > 0)
    .map((part) => section(part.title, part.lines, MARKDOWN_LINES_PER_KIND));
  const results = report.results;
  return renderTemplate('sync/sf-sync', {
    dryRun: report.dryRun,
    ranAt: report.ranAt,
    reads: readsLine(report.reads),
    counts: planCountsLine(report.plan),
    sections,
    nothingToDo: sections.length === 0,
    results: results && {
      counts: resultCountsLine(results),
      adopted: results.adopted.map((a) => `${inert(a.name)} (#${a.organizationId})`),
      conflicts: results.conflicts.map((c) => conflictLine(c, inert)),
      failed: section('Failed', results.failed.map((f) => failureLine(f, inert)), MARKDOWN_LINES_PER_KIND),
    },
  });
}

// ── The integrity report ─────────────────────────────────────────────────────────────────

export const FINDING_TITLES: Readonly<Record<FindingKind, string>> = {
  id_mismatch_account: 'Accounts naming an organization that does not carry them',
  id_mismatch_organization: 'Organizations whose account does not name them back',
  duplicate_organizations: 'Two or more organizations for one account',
  duplicate_accounts: 'Two or more accounts naming one organization',
  organization_without_account: 'Organizations with no account',
  customer_without_organization: 'Accounts with no organization',
  type_mismatch: 'Type mismatches',
};

export function findingLine(finding: IntegrityFinding, config: SalesforceSyncConfig, mark: Mark): string {
  const account = (id: string) => `account ${mark(id)}`;
  const idField = mark(config.zendeskIdField);
  switch (finding.kind) {
    case 'id_mismatch_account':
      return `${mark(finding.accountName)} (${account(finding.accountId)}) names organization ${mark(finding.organizationName)} (#${finding.organizationId}), which carries ${finding.organizationAccountId === null ? 'no account id' : account(finding.organizationAccountId)}`;
    case 'id_mismatch_organization':
      return `${mark(finding.organizationName)} (#${finding.organizationId}) carries ${account(finding.accountId)} (${mark(finding.accountName)}), whose ${idField} ${finding.accountZendeskId === null ? 'is empty' : `is ${mark(finding.accountZendeskId)}, no organization`}`;
    case 'duplicate_organizations':
      return `${mark(finding.accountName)} (${account(finding.accountId)}) is carried by organizations ${finding.organizationIds.map((id) => `#${id}`).join(', ')}`;
    case 'duplicate_accounts':
      return `${mark(finding.organizationName)} (#${finding.organizationId}) is named by accounts ${finding.accountIds.map(mark).join(', ')}`;
    case 'organization_without_account':
      return `${mark(finding.organizationName)} (#${finding.organizationId}) ${finding.accountId === null ? 'carries no account id' : `carries ${account(finding.accountId)}, which Salesforce did not return (deleted, or not ${mark(config.accountTypes.join(' or '))})`}`;
    case 'customer_without_organization':
      return `${mark(finding.accountName)} (${account(finding.accountId)}, ${mark(shown(finding.accountType))}): no organization carries it, and its ${idField} ${finding.zendeskId === null ? 'is empty' : `is ${mark(finding.zendeskId)}, no organization`}`;
    case 'type_mismatch':
      return `${mark(finding.organizationName)} (#${finding.organizationId}): ${mark(finding.field)} is ${mark(shown(finding.found))}; ${account(finding.accountId)} is ${mark(shown(finding.accountType))}, so ${mark(shown(finding.expected))}`;
  }
}

function findingSections(report: CheckReport, config: SalesforceSyncConfig, mark: Mark, limit: number): Section[] {
  return FINDING_KINDS.filter((kind) => report.counts[kind] > 0).map((kind) =>
    section(FINDING_TITLES[kind], report.findings.filter((finding) => finding.kind === kind).map((finding) => findingLine(finding, config, mark)), limit),
  );
}

export function checkSummary(report: CheckReport): string {
  const total = report.findings.length;
  return total === 0 ? 'no findings' : `${count(total, 'finding', 'findings')}: ${FINDING_KINDS.filter((k) => report.counts[k] > 0).map((k) => `${report.counts[k]} ${k}`).join(', ')}`;
}

export function checkText(report: CheckReport, config: SalesforceSyncConfig): string {
  const out = [`Salesforce ↔ Zendesk integrity: ${readsLine(report.reads)}`, `  ${checkSummary(report)}`, ''];
  for (const part of findingSections(report, config, plainText, config.report.firstChanges)) {
    out.push(`${part.title} (${part.total}):`);
    for (const line of part.lines) out.push(`  - ${line}`);
    if (part.hidden > 0) out.push(`  … and ${part.hidden} more (all of them in sf-check.json)`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export interface IssueContext {
  marker: string;
  /** <job>/artifacts/file/sf-check.md, when the job has a URL. */
  artifactUrl?: string;
  pipelineUrl?: string;
  commitSha?: string;
}

/** sf-check.md, or (with `issue`) the report issue's description. */
export function checkMarkdown(report: CheckReport, config: SalesforceSyncConfig, issue?: IssueContext): string {
  return renderTemplate('sync/sf-check', {
    ...checkView(report, config, issue ? ISSUE_LINES_PER_KIND : MARKDOWN_LINES_PER_KIND),
    issue,
    shortSha: issue?.commitSha?.slice(0, 8),
  });
}

export function checkChangedNote(report: CheckReport, config: SalesforceSyncConfig, issue: IssueContext): string {
  return renderTemplate('sync/sf-check-changed-note', { ...checkView(report, config, 0), issue, shortSha: issue.commitSha?.slice(0, 8) });
}

export function checkResolvedNote(report: CheckReport, issue: IssueContext): string {
  return renderTemplate('sync/sf-check-resolved-note', { issue, checkedAt: report.checkedAt, shortSha: issue.commitSha?.slice(0, 8) });
}

function checkView(report: CheckReport, config: SalesforceSyncConfig, limit: number) {
  return {
    checkedAt: report.checkedAt,
    reads: readsLine(report.reads),
    summary: checkSummary(report),
    clean: report.findings.length === 0,
    counts: FINDING_KINDS.map((kind) => ({ kind, title: FINDING_TITLES[kind], n: report.counts[kind] })),
    sections: findingSections(report, config, inert, limit),
    idField: inert(config.zendeskIdField),
    matchField: inert(config.matchField),
  };
}
