/**
 * `npm run ci:plan | ci:apply | ci:drift`: the GitLab pipeline's jobs (README,
 * "GitLab set-up"). Called from scripts/cli.ts outside its error handling, so expected
 * failures are turned into `error: …` and an exit code here.
 */
import { parseArgs } from 'node:util';
import { CommandError, failureExitCode, type CommandIO } from '../workflow/io.ts';
import { applyJob } from './applyJob.ts';
import { csatJob } from './csatJob.ts';
import { driftJob } from './driftJob.ts';
import { explainFailure } from './explain.ts';
import { planJob } from './planJob.ts';
import { requestsJob } from './requestsJob.ts';
import { sfCheckJob, sfSyncJob } from './sfJobs.ts';

const USAGE = `usage: tsx scripts/cli.ts ci <job> [--config DIR] [--dry-run] [--report-only]

jobs:
  plan    merge-request pipelines: plan, write plan.json and plan.md, keep one plan note on the merge request
  apply   default branch: plan; if it is the plan reviewed on the merged merge request (or ZENDESK_REVIEWED_PLAN),
          apply, verify and post the result there; otherwise apply nothing, post what differs, exit 1
  drift   schedules: open, update or close the "Zendesk drift detected" issue
  requests  schedules and by hand: act on the open request issues from the Pages forms (tickets, merge requests)
  sf-sync   schedules (hourly): Salesforce accounts → Zendesk organizations, ids written back; --dry-run stops after the plan
  sf-check  schedules (daily): the Salesforce ↔ Zendesk integrity report, kept in one GitLab issue
  csat      schedules (daily): csat.json, csat-comments.csv, one confidential issue per bad rating;
            --report-only writes csat.json alone (beside the pages job)

Zendesk credentials: plan and drift read with ZENDESK_OAUTH_TOKEN (scope "read"; or ZENDESK_EMAIL +
ZENDESK_API_TOKEN, which can write, and they warn); apply writes with ZENDESK_APPLY_OAUTH_TOKEN or
ZENDESK_EMAIL + ZENDESK_APPLY_API_TOKEN (protected, environment production), else the read variables.
GitLab target: CI_API_V4_URL (default https://gitlab.com/api/v4), CI_PROJECT_ID, GITLAB_API_TOKEN
(a project access token with the api scope). Without them the jobs still plan and write artifacts;
requests needs them, and creates tickets with ZENDESK_REQUESTS_OAUTH_TOKEN (or ZENDESK_EMAIL +
ZENDESK_REQUESTS_API_TOKEN), else the read variables. sf-sync and sf-check log in to Salesforce with SF_LOGIN_URL,
SF_CLIENT_ID and SF_CLIENT_SECRET (+ SF_USERNAME, SF_PASSWORD); sf-sync writes organizations with
ZENDESK_SALESFORCE_OAUTH_TOKEN (or ZENDESK_EMAIL + ZENDESK_SALESFORCE_API_TOKEN), else the read variables.
csat reads with the read variables only.
`;

export async function runPipelineCommand(argv: string[], io: CommandIO): Promise<number> {
  const [job, ...rest] = argv;
  try {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: { config: { type: 'string', default: 'config' }, 'dry-run': { type: 'boolean', default: false }, 'report-only': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
    if (values.help || !job || job === 'help' || job === '--help' || job === '-h') {
      io.stdout(USAGE);
      return job ? 0 : 1;
    }
    const args = { config: values.config };
    if (values['dry-run'] && job !== 'sf-sync') throw new CommandError(`--dry-run is for sf-sync only\n\n${USAGE}`);
    if (values['report-only'] && job !== 'csat') throw new CommandError(`--report-only is for csat only\n\n${USAGE}`);
    switch (job) {
      case 'plan':
        return await planJob(args, io);
      case 'apply':
        return await applyJob(args, io);
      case 'drift':
        return await driftJob(args, io);
      case 'requests':
        return await requestsJob(args, io);
      case 'sf-sync':
        return await sfSyncJob({ ...args, dryRun: values['dry-run'] }, io);
      case 'sf-check':
        return await sfCheckJob(args, io);
      case 'csat':
        return await csatJob({ ...args, reportOnly: values['report-only'] }, io);
      default:
        throw new CommandError(`unknown pipeline job '${job}'\n\n${USAGE}`);
    }
  } catch (error) {
    const purpose = job === 'apply' ? 'apply' : job === 'requests' ? 'requests' : job === 'sf-sync' ? 'salesforce' : 'read';
    return failureExitCode(error, io, USAGE, (e) => explainFailure(e, io.env, purpose));
  }
}
