/**
 * What the pipeline does for each kind of event: which jobs run, that apply
 * runs only from the default branch, one at a time and only after the tests
 * passed, that only apply can receive the production credentials, who can read
 * the artifacts, and that every `npm run` names a script that exists.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noteContext } from '../../scripts/pipeline/target.ts';
import { PLAN_JSON, PLAN_MARKDOWN } from '../../scripts/pipeline/zendeskPlan.ts';
import { CHECK_REPORT_JSON, CHECK_REPORT_MARKDOWN, SYNC_REPORT_JSON, SYNC_REPORT_MARKDOWN } from '../../scripts/sync/report.ts';
import { commandLines, evaluate, events, globToRegExp, jobs, loadPipeline, pipelineFor, repoRoot, type Job } from './pipeline.ts';

const pipeline = loadPipeline();
const allJobs = jobs(pipeline);
const job = (name: string): Job => {
  const found = allJobs[name];
  if (!found) throw new Error(`.gitlab-ci.yml has no job ${name}`);
  return found;
};

describe('which jobs run', () => {
  it('validates, tests and plans every merge request that touches what apply reads', () => {
    for (const file of ['config/macros/escalations.yaml', 'config/settings.yaml', 'schemas/macro.schema.json', 'scripts/core/diff.ts', 'templates/plan.md.hbs', 'package.json', 'package-lock.json', '.gitlab-ci.yml']) {
      expect(pipelineFor(pipeline, events.mergeRequest([file])), file).toEqual(['validate', 'test', 'plan']);
    }
  });

  it('runs the test suite, with the README\'s test command, on a merge request that changes only tests or test set-up', () => {
    for (const file of ['test/unit/diff.test.ts', 'tsconfig.json', 'vitest.config.ts', '.ci/run']) {
      expect(pipelineFor(pipeline, events.mergeRequest([file])), file).toEqual(['test']);
    }
    expect(job('test').script).toEqual(['npm test']);
  });

  it('leaves documentation-only merge requests alone', () => {
    expect(pipelineFor(pipeline, events.mergeRequest(['README.md']))).toEqual([]);
  });

  it('applies a merge to the default branch only after validating and testing it', () => {
    expect(pipelineFor(pipeline, events.push('main', ['config/macros/escalations.yaml']))).toEqual(['validate', 'test', 'apply']);
    expect(pipelineFor(pipeline, events.push('main', ['scripts/core/diff.ts']))).toEqual(['validate', 'test', 'apply']);
    expect(job('apply').needs).toEqual(['validate', 'test']);
  });

  it('does not apply when the default branch changes nothing apply reads', () => {
    expect(pipelineFor(pipeline, events.push('main', ['README.md']))).toEqual([]);
  });

  it('applies again on "Run pipeline" for the default branch (the drift issue\'s third fix)', () => {
    expect(pipelineFor(pipeline, events.runPipeline())).toEqual(expect.arrayContaining(['validate', 'test', 'apply']));
  });

  it('never applies from a merge request, another branch or a schedule', () => {
    expect(pipelineFor(pipeline, events.mergeRequest(['config/macros/escalations.yaml']))).not.toContain('apply');
    expect(pipelineFor(pipeline, events.push('feature/new-macro', ['config/macros/escalations.yaml']))).toBeNull();
    expect(pipelineFor(pipeline, events.runPipeline('feature/new-macro'))).toBeNull();
    expect(pipelineFor(pipeline, events.schedule())).not.toContain('apply');
  });

  it('runs only the drift check on a schedule, and only the request processor on the requests schedule', () => {
    expect(pipelineFor(pipeline, events.schedule())).toEqual(['drift']);
    expect(pipelineFor(pipeline, events.schedule({ ZENDESK_SCHEDULE: 'drift' }))).toEqual(['drift']);
    expect(pipelineFor(pipeline, events.schedule({ ZENDESK_SCHEDULE: 'requests' }))).toEqual(['requests']);
    // A schedule for a job yet to come runs nothing rather than a drift check nobody asked for.
    expect(pipelineFor(pipeline, events.schedule({ ZENDESK_SCHEDULE: 'something-new' }))).toEqual([]);
  });

  it('runs only the Salesforce sync on its schedule, and only the integrity check on its own', () => {
    expect(pipelineFor(pipeline, events.schedule({ ZENDESK_SCHEDULE: 'sf-sync' }))).toEqual(['sf-sync']);
    expect(pipelineFor(pipeline, events.schedule({ ZENDESK_SCHEDULE: 'sf-check' }))).toEqual(['sf-check']);
    for (const event of [events.mergeRequest(['scripts/sync/apply.ts', 'config/salesforce.yaml']), events.push('main', ['config/salesforce.yaml']), events.runPipeline()]) {
      expect(pipelineFor(pipeline, event)).not.toEqual(expect.arrayContaining(['sf-sync']));
      expect(pipelineFor(pipeline, event)).not.toEqual(expect.arrayContaining(['sf-check']));
    }
  });

  it('syncs and checks Salesforce one job at a time with apply, in environments of their own under salesforce/, not production', () => {
    // SF_* are scoped to salesforce/*; the sync's Zendesk write credential to salesforce/sync alone.
    for (const [name, environmentName] of [['sf-sync', 'salesforce/sync'], ['sf-check', 'salesforce/check']]) {
      expect(job(name).resource_group, name).toBe('zendesk-production');
      const environment = job(name).environment;
      expect(typeof environment === 'string' ? environment : environment?.name, name).toBe(environmentName);
      expect(job(name).interruptible, name).toBe(false);
    }
  });

  it('processes requests one run at a time, with credentials scoped to the requests environment', () => {
    // Two runs at once could both make one issue's tickets.
    expect(job('requests').resource_group).toBe('zendesk-requests');
    const environment = job('requests').environment;
    expect(typeof environment === 'string' ? environment : environment?.name).toBe('requests');
  });

  it('publishes Pages when public/ changes on the default branch, with a fresh csat.json for its dashboard', () => {
    expect(pipelineFor(pipeline, events.push('main', ['public/index.html']))).toEqual(['csat', 'pages']);
    expect(job('pages').artifacts?.paths).toContain('public');
  });

  it('has every job a `needs` names in each pipeline that has the job', () => {
    const samples = [
      events.mergeRequest(['config/a.yaml']), events.mergeRequest(['test/unit/a.test.ts']), events.push('main', ['config/a.yaml']),
      events.push('main', ['scripts/cli.ts']), events.push('main', ['test/unit/a.test.ts']), events.push('main', ['public/index.html']),
      events.schedule(), events.runPipeline(),
    ];
    for (const event of samples) {
      const names = pipelineFor(pipeline, event) ?? [];
      for (const name of names) {
        for (const need of job(name).needs ?? []) expect(names, `${name} needs ${JSON.stringify(need)}`).toContain(typeof need === 'string' ? need : need.job);
      }
    }
  });
});

describe('production safety', () => {
  it('runs apply and the drift check in one resource group, against the production environment', () => {
    expect(job('apply').resource_group).toBe('zendesk-production');
    expect(job('drift').resource_group).toBe('zendesk-production');
    const environment = job('apply').environment;
    expect(typeof environment === 'string' ? environment : environment?.name).toBe('production');
  });

  it('deploys to production from apply alone, so only apply receives the variables scoped to that environment', () => {
    const deploying = Object.entries(allJobs)
      .filter(([, body]) => (typeof body.environment === 'string' ? body.environment : body.environment?.name) === 'production')
      .map(([name]) => name);
    expect(deploying).toEqual(['apply']);
    for (const event of [events.mergeRequest(['config/a.yaml', 'scripts/cli.ts', 'test/a.test.ts']), events.schedule()]) {
      expect(pipelineFor(pipeline, event)).not.toContain('apply');
    }
  });

  it('asks the tool\'s maintainers to approve every change to what apply runs, and support-ops reviewers to approve config/', () => {
    const owners = codeOwners(readFileSync(resolve(repoRoot, '.gitlab/CODEOWNERS'), 'utf8'));
    const tool = ['scripts/core/diff.ts', 'templates/plan.md.hbs', 'schemas/macro.schema.json', 'package.json', 'package-lock.json', '.gitlab-ci.yml', '.ci/run', '.gitlab/CODEOWNERS', 'test/unit/diff.test.ts'];
    for (const file of tool) expect(owners(file), file).toEqual(['@support-ops/tool-maintainers']);
    expect(owners('config/macros/escalations.yaml')).toEqual(['@support-ops/reviewers']);
    for (const file of [...tool, 'config/settings.yaml']) {
      if (pipelineFor(pipeline, events.push('main', [file]))?.includes('apply')) expect(owners(file), file).not.toEqual([]);
    }
  });

  it('lets no newer pipeline cancel an apply halfway', () => {
    expect(job('apply').interruptible).toBe(false);
  });

  it('never puts a credential on a command line', () => {
    for (const { job: name, line } of commandLines(pipeline)) {
      expect(line, `${name}: ${line}`).not.toMatch(/\$\{?(ZENDESK_\w+|SF_\w+|GITLAB_API_TOKEN|CI_JOB_TOKEN)/);
    }
  });
});

describe('artifacts', () => {
  it('keeps plan.json and plan.md from every plan job, even a failed one, linked from the merge request', () => {
    const artifacts = job('plan').artifacts;
    expect(artifacts?.paths).toEqual(expect.arrayContaining(['plan.json', 'plan.md']));
    expect(artifacts?.when).toBe('always');
    expect(artifacts?.expose_as).toBe('Zendesk plan');
  });

  it('keeps plan.json and plan.md from every apply, even one where a change failed, for as long as its comment stays', () => {
    const artifacts = job('apply').artifacts;
    expect(artifacts?.paths).toEqual(expect.arrayContaining([PLAN_JSON, PLAN_MARKDOWN]));
    expect(artifacts?.when).toBe('always');
    expect(artifacts?.expire_in).toBe('never');
  });

  it('keeps the file every comment and issue links, in each job that posts one, whether the job passes or fails', () => {
    const { planArtifactUrl } = noteContext({ CI_JOB_URL: 'https://gitlab.example.com/support/zendesk-config/-/jobs/4242' });
    const linked = planArtifactUrl?.match(/\/-\/jobs\/4242\/artifacts\/file\/(.+)$/)?.[1];
    expect(linked).toBe(PLAN_MARKDOWN);
    const posting = commandLines(pipeline).filter(({ line }) => /\bnpm run ci:(plan|apply|drift)\b/.test(line)).map(({ job: name }) => name);
    expect(posting.sort()).toEqual(['apply', 'drift', 'plan']);
    for (const name of posting) {
      expect(job(name).artifacts?.paths, name).toContain(linked);
      expect(job(name).artifacts?.when, name).toBe('always');
    }
  });

  it('lets only project members with the Developer role or higher download a plan, even in a public project', () => {
    for (const name of ['plan', 'apply', 'drift']) expect(job(name).artifacts?.access, name).toBe('developer');
    for (const [name, body] of Object.entries(allJobs)) {
      const paths = body.artifacts?.paths ?? [];
      if (paths.some((path) => /plan\.(json|md)$/.test(path))) expect(body.artifacts?.access, name).toBe('developer');
    }
  });

  it('keeps the Salesforce sync\'s and check\'s reports from every run, the one the report issue links included, for Developers only', () => {
    for (const [name, files] of [['sf-sync', [SYNC_REPORT_JSON, SYNC_REPORT_MARKDOWN]], ['sf-check', [CHECK_REPORT_JSON, CHECK_REPORT_MARKDOWN]]] as const) {
      const artifacts = job(name).artifacts;
      expect(artifacts?.paths, name).toEqual([...files]);
      expect(artifacts?.when, name).toBe('always');
      expect(artifacts?.access, name).toBe('developer');
    }
  });

  it('exposes only paths the merge-request widget can link: no variables, globs or leading ./', () => {
    for (const [name, body] of Object.entries(allJobs)) {
      if (!body.artifacts?.expose_as) continue;
      for (const path of body.artifacts.paths ?? []) expect(path, `${name}: ${path}`).toMatch(/^(?!\.\/)[^$*?[\]]+$/);
    }
  });
});

describe('npm scripts', () => {
  const scripts = Object.keys((JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

  it('names only scripts package.json has', () => {
    const runs = commandLines(pipeline).flatMap(({ job: name, line }) => [...line.matchAll(/\bnpm run(?:-script)?\s+([^\s;&|]+)/g)].map((m) => ({ name, script: m[1] })));
    expect(runs.map((r) => r.script)).toEqual(expect.arrayContaining(['validate', 'ci:plan', 'ci:apply', 'ci:drift', 'sf:sync', 'sf:check']));
    for (const { name, script } of runs) expect(scripts, `${name} runs npm run ${script}`).toContain(script);
  });
});

/**
 * The owners GitLab asks for a file: in each `[Section] @owners` the last matching path
 * decides. Only the path forms .gitlab/CODEOWNERS uses (`/dir/`, `/file`); others throw.
 */
function codeOwners(text: string): (file: string) => string[] {
  const sections: { owners: string[]; paths: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const section = line.match(/^\[[^\]]+\]\s*(.*)$/);
    if (section) sections.push({ owners: section[1].split(/\s+/).filter(Boolean), paths: [] });
    else if (/^\/[^\s*?]+$/.test(line) && sections.length > 0) sections.at(-1)?.paths.push(line);
    else throw new Error(`CODEOWNERS line this reader does not know: ${line}`);
  }
  const matches = (path: string, file: string) => (path.endsWith('/') ? `/${file}`.startsWith(path) : `/${file}` === path);
  return (file) => sections.filter((s) => s.paths.some((path) => matches(path, file))).flatMap((s) => s.owners);
}

describe('the rule reader itself', () => {
  it('reads GitLab expressions and globs the way GitLab does', () => {
    const vars = { CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main', CI_PIPELINE_SOURCE: 'push' };
    expect(evaluate('$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "schedule"', vars)).toBe(true);
    expect(evaluate('$CI_MERGE_REQUEST_IID', vars)).toBe(false);
    expect(evaluate('($CI_PIPELINE_SOURCE == "web" || $CI_PIPELINE_SOURCE == "push")', vars)).toBe(true);
    expect(() => evaluate('$CI_COMMIT_BRANCH =~ /^main$/', vars)).toThrow(/unsupported/);
    expect(globToRegExp('config/**/*').test('config/settings.yaml')).toBe(true);
    expect(globToRegExp('config/**/*').test('config/macros/a.yaml')).toBe(true);
    expect(globToRegExp('package*.json').test('package-lock.json')).toBe(true);
    expect(globToRegExp('package*.json').test('sub/package.json')).toBe(false);
  });
});
