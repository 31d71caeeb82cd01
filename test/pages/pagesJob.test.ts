/**
 * The pages job and the CSAT dashboard: the daily csat schedule republishes Pages with the
 * csat job's csat.json; a push to the default branch builds the site without one.
 */
import { describe, expect, it } from 'vitest';
import { events, included, jobs, loadPipeline, pipelineFor, type Rule } from '../pipeline-definition/pipeline.ts';

type PagesRule = Rule & { needs?: { job: string; artifacts?: boolean; optional?: boolean }[]; variables?: Record<string, string> };

const pipeline = loadPipeline();
const allJobs = jobs(pipeline);
const pages = allJobs.pages;
/** The rule GitLab picks for `event`: the first that holds (pipeline.ts decides "holds"). */
const ruleFor = (event: ReturnType<typeof events.schedule>) => (pages.rules as PagesRule[]).find((rule) => included([rule], event));

describe('the pages job and csat.json', () => {
  it('runs on the csat schedule after the csat job, with its csat.json as CSAT_REPORT', () => {
    const csatSchedule = events.schedule({ ZENDESK_SCHEDULE: 'csat' });
    expect(pipelineFor(pipeline, csatSchedule)).toContain('pages');
    const rule = ruleFor(csatSchedule);
    expect(rule?.needs).toEqual([{ job: 'csat', artifacts: true, optional: true }]);
    expect(rule?.variables).toEqual({ CSAT_REPORT: 'csat.json' });
    // Once the csat job exists, it must keep csat.json where pages looks for it.
    const csat = allJobs.csat;
    if (csat) expect(csat.artifacts?.paths).toContain('csat.json');
  });

  it('on a push, takes csat.json from a report-only csat run in the same pipeline (a dotenv report names it, not the rule); not at all on the other schedules', () => {
    expect(ruleFor(events.push('main', ['templates/pages/csat.html.hbs']))?.variables).toBeUndefined();
    expect(pipelineFor(pipeline, events.push('main', ['templates/pages/csat.html.hbs']))).toEqual(expect.arrayContaining(['csat', 'pages']));
    expect(pipelineFor(pipeline, events.schedule())).not.toContain('pages');
    expect(pipelineFor(pipeline, events.schedule({ ZENDESK_SCHEDULE: 'requests' }))).not.toContain('pages');
  });
});
