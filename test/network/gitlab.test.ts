/**
 * A GitLab that cannot be reached fails the pipeline job quickly, in one line with a
 * hint, through gitbeaker over real loopback sockets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pipelineWorkspace, type PipelineWorkspace } from '../pipeline/harness.ts';
import { closedPortUrl, hangingServer, type TestServer } from './servers.ts';

const MR = { CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: '3f9c2a71d4e5b6a7980123456789abcdef012345' };

let p: PipelineWorkspace;
let hanging: TestServer | null = null;
beforeEach(async () => {
  p = await pipelineWorkspace();
});
afterEach(async () => {
  await hanging?.close();
  hanging = null;
  await p.close();
});

const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('error: '));

describe('ci plan when GitLab cannot be reached', () => {
  it('a GitLab that never answers fails the job within GITLAB_REQUEST_TIMEOUT, in one line', async () => {
    hanging = await hangingServer();
    const started = Date.now();
    const result = await p.ci('plan', { ...MR, CI_API_V4_URL: `${hanging.url}/api/v4`, GITLAB_REQUEST_TIMEOUT: '0.2' });
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(
        /^error: GitLab at http:\/\/127\.0\.0\.1:\d+\/api\/v4 did not answer GET projects\/\d+\/merge_requests\/7(?:\/notes)? within 0\.2 s \(GITLAB_REQUEST_TIMEOUT sets the limit\)\.$/,
      ),
    ]);
    expect(result.stderr).not.toContain('… ');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hanging.hits).toHaveLength(1);
  });

  it('a refused connection is one line pointing at CI_API_V4_URL, with no retries', async () => {
    const result = await p.ci('plan', { ...MR, CI_API_V4_URL: `${await closedPortUrl()}/api/v4` });
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^error: Cannot reach GitLab at http:\/\/127\.0\.0\.1:\d+\/api\/v4: connection refused \(ECONNREFUSED\)\. Check CI_API_V4_URL\.$/),
    ]);
    expect(result.stderr).not.toContain('… ');
  });

  it('a bad GITLAB_REQUEST_TIMEOUT is one line naming it', async () => {
    const result = await p.ci('plan', { ...MR, GITLAB_REQUEST_TIMEOUT: '-1' });
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual(["error: GITLAB_REQUEST_TIMEOUT must be a number of seconds (more than 0), or with a unit such as 90s, 15m, 1h; got '-1'"]);
  });
});
