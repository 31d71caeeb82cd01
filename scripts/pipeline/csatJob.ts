/**
 * `npm run csat` (`ci csat`), the daily csat schedule (issue 13; README, "Customer
 * satisfaction (CSAT)"):
 *
 * 1. csat.json: the KPI report (../csat/report.ts), which the pages job publishes as /csat/;
 * 2. csat-comments.csv: every rating with a comment in the report's range, good and bad
 *    (../csat/comments.ts), a restricted artifact;
 * 3. one confidential GitLab issue per bad rating of the report's months, closed with a
 *    note when the rating turns good (../csat/badRatings.ts).
 *
 * `--report-only` stops after csat.json: the run beside the pages job of a push to the
 * default branch, so a rebuilt site keeps its dashboard. It needs no GitLab token.
 *
 * Zendesk is only read, with the read credential (ZENDESK_OAUTH_TOKEN with scope "read", or
 * ZENDESK_EMAIL + ZENDESK_API_TOKEN); GitLab is written with GITLAB_API_TOKEN.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatDiagnostic, hasErrors } from '../core/diagnostics.ts';
import { ensureBadRatingIssues, type BadRatingIssuesOutcome } from '../csat/badRatings.ts';
import { commentsCsv, COMMENTS_CSV, hasComment } from '../csat/comments.ts';
import type { CsatReport } from '../csat/model.ts';
import { readRatingNames } from '../csat/ratingNames.ts';
import { listRatings } from '../csat/read.ts';
import { buildCsatReport, reportPeriods } from '../csat/report.ts';
import { renderTemplate } from '../render/templates.ts';
import { count } from '../render/words.ts';
import { loadCsatConfig, writeCsatReport } from '../workflow/csat.ts';
import { CommandError, type CommandIO } from '../workflow/io.ts';
import { retryNotice } from '../workflow/progress.ts';
import { clientOptions, requireTarget } from '../workflow/target.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { gitLabClientFor, noteContext } from './target.ts';

export const CSAT_REPORT_JSON = 'csat.json';
export { COMMENTS_CSV };

export interface CsatJobArgs {
  config: string;
  reportOnly: boolean;
}

export async function csatJob(args: CsatJobArgs, io: CommandIO): Promise<number> {
  const loaded = await loadCsatConfig(resolve(io.cwd, args.config), { cwd: io.cwd });
  for (const diagnostic of loaded.diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
  if (!loaded.present) throw new CommandError(`${loaded.file} is missing: npm run csat needs it (README, "Customer satisfaction (CSAT)")`);
  const config = loaded.config;
  if (!config || hasErrors(loaded.diagnostics)) throw new CommandError(`${loaded.file} is invalid: nothing was read from Zendesk, nothing written`);

  // Before any read: inside GitLab CI a missing GitLab variable stops the job here.
  const gitlab = args.reportOnly ? null : gitLabClientFor(io, 'the bad-rating issues');
  const zendesk = new ZendeskClient(clientOptions(requireTarget(io.env, 'read'), { onRetry: retryNotice(io), sleep: io.sleep }));
  const now = io.now();

  const report = await buildCsatReport({ client: zendesk, config, now });
  await writeCsatReport(resolve(io.cwd, CSAT_REPORT_JSON), report);
  io.stdout(reportLine(report));
  if (args.reportOnly) return 0;

  const { months, startMs, endMs } = reportPeriods(config, now);
  const [commented, bad] = await Promise.all([
    listRatings(zendesk, { score: 'received_with_comment', startMs, endMs }),
    listRatings(zendesk, { score: 'bad', startMs: months[0].startMs, endMs: months[months.length - 1].endMs }),
  ]);
  const names = await readRatingNames(zendesk, { assigneesOf: bad });
  await writeFile(resolve(io.cwd, COMMENTS_CSV), commentsCsv(commented, names));
  io.stdout(`Wrote ${COMMENTS_CSV}: ${count(commented.filter(hasComment).length, 'rating', 'ratings')} with a comment, good and bad.\n`);

  if (!gitlab) return 0;
  const { pipelineUrl } = noteContext(io.env);
  const outcome = await ensureBadRatingIssues({
    gitlab,
    zendesk,
    badRatings: bad,
    names,
    config,
    ticketUrl: (id) => `${zendesk.baseUrl}/agent/tickets/${id}`,
    texts: {
      issueDescription: (view) => renderTemplate('csat/bad-rating-issue', { ...view, pipelineUrl }),
      changedToGoodNote: (view) => renderTemplate('csat/rating-changed-to-good-note', { ...view, pipelineUrl }),
      changedBackToBadNote: (view) => renderTemplate('csat/rating-changed-back-to-bad-note', { ...view, pipelineUrl }),
    },
  });
  io.stdout(issuesLine(bad.length, outcome));
  return 0;
}

function reportLine(report: CsatReport): string {
  const month = report.periods.monthly.at(-1);
  const csat = month?.csat === null || month === undefined ? 'no data' : `${(month.csat * 100).toFixed(1)}% (${month.good} good, ${month.bad} bad)`;
  const read = `${count(report.readStrategy.requests, 'request', 'requests')}, ratings ${report.readStrategy.chosen === 'list' ? 'listed' : 'counted'}`;
  return `Wrote ${CSAT_REPORT_JSON}: CSAT ${month?.label ?? ''} ${csat}, target ${(report.target * 100).toFixed(1)}% (${read}).\n`;
}

function issuesLine(badCount: number, outcome: BadRatingIssuesOutcome): string {
  const lines = [`${count(badCount, 'bad rating', 'bad ratings')} in the report's months: ${outcome.opened.length} new ${outcome.opened.length === 1 ? 'issue' : 'issues'}, ${outcome.existing} already had one.`];
  for (const { ratingId, issue } of outcome.opened) lines.push(`  opened #${issue.iid} for rating ${ratingId}${issue.webUrl ? ` (${issue.webUrl})` : ''}`);
  for (const { ratingId, issue } of outcome.closed) lines.push(`  closed #${issue.iid}: rating ${ratingId} was changed to good`);
  for (const { ratingId, issue } of outcome.reopened) lines.push(`  reopened #${issue.iid}: rating ${ratingId} was changed back to bad`);
  for (const ratingId of outcome.unmarkable) lines.push(`  no issue for rating ${ratingId}: its id is no whole number below 2^53, so a marker could not find the issue again`);
  return `${lines.join('\n')}\n`;
}
