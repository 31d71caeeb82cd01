import { describe, expect, it } from 'vitest';
import { validateFixture } from './helpers.ts';

const dir = 'test/fixtures/config/validate-order';

describe('validateConfig: order files and object files agree', () => {
  it('reports an object missing from its order file at the object title', async () => {
    expect(await validateFixture('validate-order')).toContain(
      `${dir}/triggers/route-urgent.yaml:1:1: error: trigger 'Route urgent tickets' is not listed in ${dir}/triggers/_order.yaml (title)\n`
        + "    hint: list it under its category: a trigger's category and firing order come from that file",
    );
  });

  it('says so when the order file does not exist at all', async () => {
    expect(await validateFixture('validate-order')).toContain(
      `${dir}/automations/close-solved.yaml:1:1: error: automation 'Close solved tickets' is not listed in ${dir}/automations/_order.yaml (title)\n`
        + `    hint: ${dir}/automations/_order.yaml does not exist yet: create it and list it where it should run: automations run in that order every hour`,
    );
  });

  it('reports a listed title with no object at the order entry, with a suggestion', async () => {
    const output = await validateFixture('validate-order');
    expect(output).toContain(
      `${dir}/triggers/_order.yaml:6:9: error: 'Route urgent ticket' is listed, but no trigger has that title (categories[0].triggers[2])\n`
        + "    hint: did you mean 'Route urgent tickets'?",
    );
    expect(output).toContain(
      `${dir}/sla_policies/_order.yaml:2:5: error: 'Enterprise' is listed, but no SLA policy has that title (sla_policies[0])\n`
        + '    hint: add a file under sla_policies/ with title: Enterprise, or remove this entry',
    );
  });

  it('points a stale entry after a rename at the new title', async () => {
    expect(await validateFixture('validate-order')).toContain(
      `${dir}/triggers/_order.yaml:10:9: error: 'Renamed trigger old title' is listed, but no trigger has that title (categories[1].triggers[1])\n`
        + `    hint: 'Renamed trigger old title' was renamed to 'Renamed trigger' (previous_title in ${dir}/triggers/renamed.yaml); list the new title`,
    );
  });

  it('rejects a title listed twice, and a trigger under two categories', async () => {
    const output = await validateFixture('validate-order');
    expect(output).toContain(
      `${dir}/triggers/_order.yaml:5:9: error: trigger 'Tag new tickets' is listed twice (first at line 4) (categories[0].triggers[1])\n`
        + '    hint: remove one of the entries',
    );
    expect(output).toContain(
      `${dir}/triggers/_order.yaml:9:9: error: trigger 'Tag new tickets' is listed under two categories: 'Intake' (line 4) and 'Routing' (categories[1].triggers[0])\n`
        + '    hint: a trigger belongs to exactly one category; keep it under one of them',
    );
  });

  it('does not blame the order file for titles of files that failed to load', async () => {
    // schema-errors lists 'Typo trigger', whose file has a schema error of its own.
    expect((await validateFixture('schema-errors')).filter((line) => line.includes('_order.yaml'))).toEqual([]);
    // yaml-errors has an unparseable order file: no "not listed" on top of its syntax error.
    expect((await validateFixture('yaml-errors')).filter((line) => line.includes('is not listed'))).toEqual([]);
  });
});
