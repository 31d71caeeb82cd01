/** Which merged merge request a default-branch commit came from. */
import { describe, expect, it } from 'vitest';
import type { GitLabMergeRequest } from '../../scripts/gitlab/client.ts';
import { mergedMergeRequestFor } from '../../scripts/pipeline/ensure.ts';

const mr = (iid: number, fields: Partial<GitLabMergeRequest>): GitLabMergeRequest => ({
  iid,
  title: `!${iid}`,
  state: 'merged',
  sha: null,
  mergeCommitSha: null,
  squashCommitSha: null,
  webUrl: null,
  ...fields,
});

describe('mergedMergeRequestFor', () => {
  it('finds the merge request merged with a merge commit, a squash commit, or fast-forward', () => {
    expect(mergedMergeRequestFor('m1', [mr(1, { sha: 'h1', mergeCommitSha: 'm1' })])?.iid).toBe(1);
    expect(mergedMergeRequestFor('s2', [mr(2, { sha: 'h2', squashCommitSha: 's2' })])?.iid).toBe(2);
    expect(mergedMergeRequestFor('h3', [mr(3, { sha: 'h3' })])?.iid).toBe(3);
  });

  it('prefers the merge commit over a merged request that merely contains the commit as its head', () => {
    // !4's head is the commit, but !5 was merged as that commit: the merge commit decides.
    expect(mergedMergeRequestFor('m5', [mr(4, { sha: 'm5' }), mr(5, { sha: 'h5', mergeCommitSha: 'm5' })])?.iid).toBe(5);
  });

  it('ignores open merge requests that contain the commit', () => {
    expect(mergedMergeRequestFor('m6', [mr(6, { state: 'opened', sha: 'm6' })])).toBeNull();
  });
});
