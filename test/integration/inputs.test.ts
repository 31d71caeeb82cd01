/**
 * Input a user can get wrong (or an attacker can craft) never reaches "unexpected
 * error": each is one line at file:line:col, exit 1, and nothing is sent to Zendesk.
 */
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestTotal, workspace, type Workspace } from './harness.ts';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(() => ws.close());

/** Runs plan against the sandbox and checks the common promise: exit 1, no stack, zero requests. */
async function planRefused() {
  ws.sandbox.resetRequestCounts();
  const plan = await ws.run(['plan']);
  expect(plan.code).toBe(1);
  expect(plan.stderr).not.toMatch(/unexpected error|\n\s+at /);
  expect(plan.stderr).toContain('nothing was sent to Zendesk');
  expect(requestTotal(ws.sandbox)).toBe(0);
  return plan;
}

describe('resource limits', () => {
  it('an alias bomb is an error at the alias that expands it, naming the file, before any request', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']]) {
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    await ws.write('config/macros/bomb.yaml', `title: Bomb\n${levels.join('\n')}\nactions:\n  - { field: status, value: open }\n`);
    const plan = await planRefused();
    expect(plan.stderr).toMatch(/^config\/macros\/bomb\.yaml:\d+:\d+: error: aliases .*more than 10000 values/m);
  });

  it('a file larger than 1 MiB is refused at file:1:1 without being parsed', async () => {
    const padding = 'x'.repeat(1024 * 1024);
    await ws.write('config/macros/huge.yaml', `title: Huge\ndescription: "${padding}"\nactions:\n  - { field: status, value: open }\n`);
    const plan = await planRefused();
    expect(plan.stderr).toMatch(/^config\/macros\/huge\.yaml:1:1: error: the file is 1025 KiB; config files are limited to 1024 KiB \(1 MiB\)\n\s+hint: a config file holds one object/m);
  });

  it('a list longer than Zendesk could ever accept is reported at the line of that list', async () => {
    const actions = Array.from({ length: 6000 }, () => '  - { field: status, value: open }').join('\n');
    await ws.write('config/macros/long.yaml', `title: Long\ndescription: many actions\nactions:\n${actions}\n`);
    const started = Date.now();
    const plan = await planRefused();
    expect(plan.stderr).toMatch(/^config\/macros\/long\.yaml:3:1: error: lists 6000 entries; at most 5000 are allowed .*\(actions\)$/m);
    // One line for the list, not one per entry.
    expect(plan.stderr.match(/long\.yaml/g)).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a 175,000-item action list is refused by validate with a limit, not a stack overflow', async () => {
    const actions = Array.from({ length: 175_000 }, () => '  - { field: status, value: open }').join('\n');
    await ws.write('config/macros/enormous.yaml', `title: Enormous\nactions:\n${actions}\n`);
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^config\/macros\/enormous\.yaml:1:1: error: the file is 5982 KiB; config files are limited to 1024 KiB/m);
    expect(result.stderr).not.toMatch(/Maximum call stack|unexpected error/);
  });
});

describe('file contents', () => {
  it('invalid UTF-8 is an error at the line and column of the first bad byte; nothing is planned', async () => {
    const before = Buffer.from('title: "Billing::Refund issued"\ndescription: Café r', 'utf8');
    const bad = Buffer.from([0xe9]); // Latin-1 é, as an editor saving in the wrong encoding writes it
    const after = Buffer.from('ponse\nactions:\n  - { field: status, value: open }\n', 'utf8');
    await writeFile(join(ws.dir, 'config/macros/billing-refund-issued.yaml'), Buffer.concat([before, bad, after]));
    const plan = await planRefused();
    expect(plan.stderr).toMatch(/^config\/macros\/billing-refund-issued\.yaml:2:20: error: not valid UTF-8 \(byte 0xE9\); Zendesk text must be UTF-8\n\s+hint: re-save .* as UTF-8/m);
    expect(plan.stdout).toBe('');
  });

  it('a config entry that is a directory where a file belongs is an error at its path, not a skip', async () => {
    await rm(join(ws.dir, 'config/settings.yaml'));
    await mkdir(join(ws.dir, 'config/settings.yaml'));
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^config\/settings\.yaml:1:1: error: cannot read this file: it is a directory/m);
  });
});

describe('symbolic links under config/', () => {
  beforeEach(async () => {
    // The workspace is a git work tree: links may point anywhere inside it.
    await mkdir(join(ws.dir, '.git'));
  });

  it('a link to a file inside the repository is followed: with prune on, its object is kept, not deleted', async () => {
    expect((await ws.run(['apply'])).code).toBe(0);
    await mkdir(join(ws.dir, 'shared'));
    await rename(join(ws.dir, 'config/macros/billing-refund-issued.yaml'), join(ws.dir, 'shared/billing-refund-issued.yaml'));
    await symlink('../../shared/billing-refund-issued.yaml', join(ws.dir, 'config/macros/billing-refund-issued.yaml'));
    await ws.edit('config/settings.yaml', 'macros: false', 'macros: true');
    const plan = await ws.run(['plan']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    // Other macros the seed account has are deleted by prune; the linked one is managed, so unchanged.
    expect(plan.stdout).toContain('DELETE macro "Customer not responding"');
    expect(plan.stdout).not.toContain('Billing::Refund issued');
  });

  it('a linked directory inside the repository is read like a sub-folder', async () => {
    await mkdir(join(ws.dir, 'shared'));
    await rename(join(ws.dir, 'config/macros'), join(ws.dir, 'shared/macros'));
    await mkdir(join(ws.dir, 'config/macros'));
    await symlink('../../shared/macros', join(ws.dir, 'config/macros/common'));
    const result = await ws.run(['validate']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('4 macros');
  });

  it('a link that leads outside the repository is an error naming the link', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'zd-outside-'));
    try {
      await writeFile(join(outside, 'stolen.yaml'), 'title: Elsewhere\nactions:\n  - { field: status, value: open }\n');
      await symlink(join(outside, 'stolen.yaml'), join(ws.dir, 'config/macros/elsewhere.yaml'));
      const plan = await planRefused();
      expect(plan.stderr).toMatch(/^config\/macros\/elsewhere\.yaml:1:1: error: symbolic link to .*stolen\.yaml, outside the repository/m);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('settings.yaml linked from outside the repository is an error, not a quiet "prune nothing"', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'zd-outside-'));
    try {
      await writeFile(join(outside, 'settings.yaml'), 'prune:\n  macros: true\n');
      await rm(join(ws.dir, 'config/settings.yaml'));
      await symlink(join(outside, 'settings.yaml'), join(ws.dir, 'config/settings.yaml'));
      const result = await ws.run(['validate']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^config\/settings\.yaml:1:1: error: symbolic link to .*settings\.yaml, outside the repository/m);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('organization files follow the same rule: a link out of the repository is an error', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'zd-outside-'));
    try {
      await writeFile(join(outside, 'umbrella.yaml'), 'name: Umbrella\nexternal_id: umbrella\n');
      await symlink(join(outside, 'umbrella.yaml'), join(ws.dir, 'config/organizations/umbrella.yaml'));
      const plan = await planRefused();
      expect(plan.stderr).toMatch(/^config\/organizations\/umbrella\.yaml:1:1: error: symbolic link to .*umbrella\.yaml, outside the repository/m);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('a link loop is reported, not followed forever', async () => {
    await symlink('..', join(ws.dir, 'config/macros/again'));
    await symlink('self.yaml', join(ws.dir, 'config/macros/self.yaml'));
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^config\/macros\/again:1:1: error: symbolic link loop: it leads back to config\/$/m);
    expect(result.stderr).toMatch(/^config\/macros\/self\.yaml:1:1: error: symbolic link loop/m);
  });
});

describe('command arguments', () => {
  it('--out into a directory that does not exist is one clear line', async () => {
    const result = await ws.run(['plan', '--out', 'missing/plan.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: cannot write missing/plan.json: the directory 'missing' does not exist\n");
  });

  it('--plan pointing at a directory is one clear line', async () => {
    await mkdir(join(ws.dir, 'plans'));
    const result = await ws.run(['apply', '--plan', 'plans']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: plans: not a readable plan file/);
  });

  it('import into a --config that is a file is one clear line, not a crash', async () => {
    await ws.write('notes.txt', 'not a directory\n');
    const result = await ws.run(['import', '--config', 'notes.txt']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot [a-z ]+ notes\.txt\/[a-z_]+: a part of the path is a file, not a directory \(ENOTDIR\)\n$/);
  });

  it('--config naming a file is one clear line', async () => {
    const result = await ws.run(['validate', '--config', 'config/settings.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^config\/settings\.yaml:1:1: error: config directory 'config\/settings\.yaml' is not a directory/m);
  });
});

describe('npm start with a broken sandbox state file', () => {
  it('invalid JSON is one line naming the file and saying to delete or move it', async () => {
    await ws.write('state.json', '{"version": 1, "nextId": 7, "collections": {"trig');
    const result = await ws.run(['start', '--state', 'state.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: state\.json is not valid JSON \([^\n]*\); delete or move it to start again from the seed\n$/);
  });

  it('JSON of the wrong shape is one line too, saying what was expected', async () => {
    await ws.write('state.json', '{"version": 1, "nextId": 7, "collections": {"triggers": 5}}');
    const result = await ws.run(['start', '--state', 'state.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: state.json is not a sandbox state file: collection "triggers" must be a list of objects; delete or move it to start again from the seed\n');
  });
});
