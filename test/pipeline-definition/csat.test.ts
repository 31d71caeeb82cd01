/**
 * The csat job (issue 13): the daily schedule reports, writes the comments CSV and keeps the
 * bad-rating issues; a push that rebuilds Pages gets a report-only run beside it, so the
 * dashboard never disappears; the CSV is for project members only; no write credential.
 */
import { describe, expect, it } from 'vitest';
import { COMMENTS_CSV, CSAT_REPORT_JSON } from '../../scripts/pipeline/csatJob.ts';
import { events, included, jobs, loadPipeline, pipelineFor, type Job, type PipelineEvent, type Rule } from './pipeline.ts';

type CsatRule = Rule & { variables?: Record<string, string>; allow_failure?: boolean; needs?: { job: string; artifacts?: boolean; optional?: boolean }[] };
type CsatJob = Job & { rules: CsatRule[]; allow_failure?: boolean; artifacts: Job['artifacts'] & { reports?: { dotenv?: string } } };

const pipeline = loadPipeline();
const allJobs = jobs(pipeline);
const csat = allJobs.csat as CsatJob;
const pages = allJobs.pages as Job & { rules: CsatRule[] };
const ruleOf = (job: { rules: CsatRule[] }, event: PipelineEvent) => job.rules.find((rule) => included([rule], event));
const pagesPush = events.push('main', ['templates/pages/csat.html.hbs']);
const csatSchedule = events.schedule({ ZENDESK_SCHEDULE: 'csat' });

describe('the csat job', () => {
  it('runs on the csat schedule, with pages after it and nothing else', () => {
    expect(pipelineFor(pipeline, csatSchedule)).toEqual(['csat', 'pages']);
    const rule = ruleOf(csat, csatSchedule);
    expect(rule?.variables?.CSAT_OPTIONS).toBeUndefined();
    expect(rule?.allow_failure ?? csat.allow_failure ?? false).toBe(false);
  });

  it('runs on no other schedule, and never in a merge-request pipeline', () => {
    for (const schedule of [undefined, 'drift', 'requests', 'sf-sync', 'sf-check']) {
      expect(pipelineFor(pipeline, events.schedule(schedule ? { ZENDESK_SCHEDULE: schedule } : {})), schedule).not.toContain('csat');
    }
    expect(pipelineFor(pipeline, events.mergeRequest(['scripts/csat/badRatings.ts', 'config/csat.yaml', 'templates/pages/csat.html.hbs']))).not.toContain('csat');
    expect(pipelineFor(pipeline, events.push('main', ['config/macros/escalations.yaml']))).not.toContain('csat');
  });

  it('runs report-only beside the pages job of a push, which takes its csat.json, without holding the forms back', () => {
    for (const file of ['templates/pages/csat.html.hbs', 'config/forms/shared-organization.yaml', 'config/csat.yaml', 'scripts/csat/compute.ts', 'public/index.html']) {
      expect(pipelineFor(pipeline, events.push('main', [file])), file).toEqual(expect.arrayContaining(['csat', 'pages']));
    }
    const rule = ruleOf(csat, pagesPush);
    expect(rule?.variables).toEqual({ CSAT_OPTIONS: '--report-only' });
    expect(rule?.allow_failure).toBe(true);
    expect(ruleOf(pages, pagesPush)?.needs).toEqual([{ job: 'csat', artifacts: true, optional: true }]);
    // CSAT_REPORT reaches pages only when csat.json was written: the line after npm runs only if it succeeded.
    expect(csat.script).toEqual(['npm run csat -- $CSAT_OPTIONS', `echo "CSAT_REPORT=${CSAT_REPORT_JSON}" > csat.env`]);
    expect(csat.artifacts.reports?.dotenv).toBe('csat.env');
  });

  it('keeps csat.json and csat-comments.csv for project members with the Developer role or higher only', () => {
    expect(csat.artifacts.paths).toEqual([CSAT_REPORT_JSON, COMMENTS_CSV]);
    expect(csat.artifacts.access).toBe('developer');
  });

  it('holds no write credential: no environment, its own resource group, one run at a time', () => {
    expect(csat.environment).toBeUndefined();
    expect(csat.resource_group).toBe('zendesk-csat');
    expect(csat.interruptible).toBe(false);
  });
});
