/** config/csat.yaml as users write it: the sample loads; mistakes are one line each at file:line. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../scripts/core/diagnostics.ts';
import { loadCsatConfig } from '../../scripts/workflow/csat.ts';
import { REPO } from '../integration/harness.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csat-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const load = async (text: string) => {
  await writeFile(join(dir, 'csat.yaml'), text);
  return loadCsatConfig(dir, { cwd: dir });
};

describe('config/csat.yaml', () => {
  it('loads the sample: 95 %, Berlin, 12 weeks and 6 months, four breakdowns, managers by group, no comments on the dashboard', async () => {
    const loaded = await loadCsatConfig(join(REPO, 'config'), { cwd: REPO });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config).toEqual({
      target: 0.95,
      timeZone: 'Europe/Berlin',
      periods: { weekly: 12, monthly: 6 },
      breakdowns: ['group', 'brand', 'ticket_form', 'organization_tags'],
      managers: { Support: ['dana.lee'], Billing: ['sam.ortiz'] },
      labels: { badRating: ['csat::bad'], all: ['csat'] },
      dashboard: { showComments: false },
    });
  });

  it('fills the defaults: no breakdowns, managers or labels, comments hidden', async () => {
    const { config } = await load('target: 0.9\ntime_zone: UTC\nperiods: { weekly: 4, monthly: 3 }\n');
    expect(config).toMatchObject({ breakdowns: [], managers: {}, labels: { badRating: [], all: [] }, dashboard: { showComments: false } });
  });

  it('names file, line and field for an unknown time zone, a target given in percent and a misspelt breakdown', async () => {
    const zone = await load('target: 0.95\ntime_zone: Europe/Berlim\nperiods: { weekly: 12, monthly: 6 }\n');
    expect(zone.config).toBeNull();
    expect(zone.diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^csat\.yaml:2:\d+: error: "Europe\/Berlim" is not a time zone .*\(time_zone\)/)]);

    const percent = await load('target: 95\ntime_zone: UTC\nperiods: { weekly: 12, monthly: 6 }\nbreakdowns: [group, brands]\n');
    const lines = percent.diagnostics.map(formatDiagnostic);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^csat\.yaml:1:\d+: error: .*\(target\)/), expect.stringMatching(/^csat\.yaml:4:\d+: error: .*\(breakdowns\[1\]\)/)]));
  });

  it('is absent without complaint: the csat job says it needs it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'csat-none-'));
    expect(await loadCsatConfig(empty)).toMatchObject({ config: null, diagnostics: [], present: false });
    await rm(empty, { recursive: true, force: true });
  });
});
