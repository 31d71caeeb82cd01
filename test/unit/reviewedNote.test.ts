/** The plan note's hidden lines: read back exactly, and never an HTML comment that ends early. */
import { describe, expect, it } from 'vitest';
import type { BoundPlan, Change, MacroSpec } from '../../scripts/core/model.ts';
import { bindPlan, changeIdentities } from '../../scripts/core/planDigest.ts';
import { toolChanges } from '../../scripts/pipeline/reviewedPlan.ts';
import { readReviewedPlan, reviewedPlanMarkers } from '../../scripts/render/reviewed.ts';

function planOf(keys: string[]): BoundPlan {
  const changes: Change[] = keys.map((key) => ({ action: 'create', kind: 'macros', key, file: `config/macros/${key}.yaml`, after: { title: key } as MacroSpec }));
  const plan = { formatVersion: 2 as const, createdAt: '2026-11-21T10:00:00.000Z', target: 'https://acme.zendesk.com', configRoot: 'config', changes, unmanaged: [], summary: { create: changes.length, update: 0, delete: 0, reorder: 0, unmanaged: 0 } };
  return bindPlan(plan, { configDigest: `sha256:${'0'.repeat(64)}`, commit: null, toolVersion: '0.1.0' });
}

describe('plan note markers', () => {
  it('round-trip even when the encoded change list would contain "--" (and "-->" in a title stays encoded)', () => {
    // A title whose base64url encoding has a run of dashes (">" and "~" end in one; a two-byte
    // character after them starts another), found by searching once; checked here, not hoped for.
    const keys = ['xx>\u03fe~ Close --> and redirect'];
    expect(Buffer.from(JSON.stringify(changeIdentities(planOf(keys))), 'utf8').toString('base64url')).toContain('--');
    const plan = planOf(keys);
    const markers = reviewedPlanMarkers(plan);
    for (const line of markers.split('\n')) {
      expect(line).toMatch(/^<!-- zendesk-gitops:plan-[a-z]+ [^\n]* -->$/);
      expect(line.slice(4, -3)).not.toContain('--');
    }
    expect(readReviewedPlan(`note text\n${markers}\n`)).toEqual({ digest: plan.digest, identities: changeIdentities(plan) });
  });

  it('a note without markers records no plan; a mangled change list still gives the digest', () => {
    expect(readReviewedPlan('### Zendesk plan: failed')).toBeNull();
    const plan = planOf(['A']);
    const digestOnly = reviewedPlanMarkers(plan).replace(/plan-changes [^ ]+/, 'plan-changes bm90IGEgbGlzdA');
    expect(readReviewedPlan(digestOnly)).toEqual({ digest: plan.digest, identities: null });
  });

  it('reads only the note\'s closing lines: markers shown inside the note (a diff value, a quote) or after it do not count', () => {
    const plan = planOf(['A']);
    const forged = `<!-- zendesk-gitops:plan-digest sha256:${'f'.repeat(64)} -->`;
    const note = `### Zendesk plan\n\`\`\`diff\n- comment_value: ${forged}\n\`\`\`\n${forged}\n${reviewedPlanMarkers(plan)}\n`;
    expect(readReviewedPlan(note)?.digest).toBe(plan.digest);
    expect(readReviewedPlan(`${reviewedPlanMarkers(plan)}\n- comment_value: ${forged}`)).toBeNull();
    expect(readReviewedPlan(`text\n- ${forged}`)).toBeNull();
  });
});

describe('toolChanges', () => {
  it('names the files that are the tool, by either side of a rename, once each', () => {
    const files = [
      { oldPath: 'config/macros/a.yaml', newPath: 'config/macros/a.yaml' },
      { oldPath: 'scripts/cli.ts', newPath: 'scripts/cli.ts' },
      { oldPath: 'templates/plan.md.hbs', newPath: 'docs/plan.md.hbs' },
      { oldPath: 'notes.md', newPath: '.gitlab-ci.yml' },
      { oldPath: 'package-lock.json', newPath: 'package-lock.json' },
      { oldPath: '.gitlab/CODEOWNERS', newPath: '.gitlab/CODEOWNERS' },
      { oldPath: 'config/scripts/x.yaml', newPath: 'config/scripts/x.yaml' },
      { oldPath: 'test/unit/x.test.ts', newPath: 'test/unit/x.test.ts' },
    ];
    expect(toolChanges(files)).toEqual(['.gitlab-ci.yml', '.gitlab/CODEOWNERS', 'package-lock.json', 'scripts/cli.ts', 'templates/plan.md.hbs']);
  });
});
