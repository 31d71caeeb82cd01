import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from './harness.ts';

let ws: Workspace;
beforeAll(async () => {
  ws = await workspace();
});
afterAll(() => ws.close());

describe('import --kinds organizations', () => {
  it('never imports every organization by default', async () => {
    const result = await ws.run(['import', '--kinds', 'organizations', '--config', 'none']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--kinds organizations needs --organizations <keys or a search query>/);
  });

  it('writes one file per organization chosen by key, and a plan of them shows no changes', async () => {
    const result = await ws.run([
      'import', '--kinds', 'organizations', '--config', 'by-key',
      '--organizations', 'salesforce_id:0015g0000000001AAA,external_id:initech,salesforce_id:0015g0000000002AAA,external_id:nobody',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Imported 3 organizations/);
    expect(result.stderr).toContain('warning: no organization has external_id:nobody');
    const acme = await ws.read('by-key/organizations/acme-corp.yaml');
    expect(acme).toMatch(/^salesforce_id: 0015g0000000001AAA$/m);
    expect(acme).toContain('Solutions architect: Dana Lee');
    const plan = await ws.run(['plan', '--config', 'by-key', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  it('selects by a Zendesk search query', async () => {
    const result = await ws.run(['import', '--kinds', 'organizations', '--config', 'by-query', '--organizations', 'tags:enterprise']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Imported 1 organization /);
    expect(await ws.read('by-query/organizations/acme-corp.yaml')).toMatch(/^name: Acme Corp$/m);
  });

  it('refuses to overwrite an existing organization file without --force', async () => {
    const again = await ws.run(['import', '--kinds', 'organizations', '--config', 'by-query', '--organizations', 'tags:enterprise']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exist .*pass --force/);
  });
});
