/** `npm run validate` checks config/csat.yaml with the rest of config/, at file:line. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from '../integration/harness.ts';

let ws: Workspace;
beforeAll(async () => {
  ws = await workspace();
});
afterAll(() => ws.close());

const offline = { ZENDESK_URL: undefined };

describe('npm run validate and config/csat.yaml', () => {
  it('passes the sample, and names a bad time zone and a bad manager at their lines', async () => {
    expect((await ws.run(['validate'], offline)).code).toBe(0);
    await ws.edit('config/csat.yaml', 'time_zone: Europe/Berlin', 'time_zone: Europe/Berlim');
    const zone = await ws.run(['validate'], offline);
    expect(zone.code).toBe(1);
    expect(zone.stderr).toMatch(/config\/csat\.yaml:4:\d+: error: "Europe\/Berlim" is not a time zone/);
    await ws.edit('config/csat.yaml', 'Billing: [sam.ortiz]', 'Billing: ["sam ortiz /close"]');
    const manager = await ws.run(['validate'], offline);
    expect(manager.code).toBe(1);
    expect(manager.stderr).toMatch(/config\/csat\.yaml:9:\d+: error: .*managers/);
  });
});
