import { describe, expect, it } from 'vitest';
import { validateFixture } from './helpers.ts';

const dir = 'test/fixtures/config/validate-duplicates';

describe('validateConfig: titles are unique keys', () => {
  it('names both files of a duplicate title', async () => {
    const output = await validateFixture('validate-duplicates');
    expect(output).toContain(
      `${dir}/triggers/route-vip.yaml:1:1: error: duplicate trigger title 'Route VIP tickets' (also in ${dir}/triggers/route-vip-copy.yaml) (title)\n`
        + '    hint: the title is how config/ finds the live object; give each file its own title',
    );
    expect(output).toContain(
      `${dir}/triggers/route-vip-copy.yaml:1:1: error: duplicate trigger title 'Route VIP tickets' (also in ${dir}/triggers/route-vip.yaml) (title)\n`
        + '    hint: the title is how config/ finds the live object; give each file its own title',
    );
  });

  it('rejects a category declared twice, at the second declaration', async () => {
    expect(await validateFixture('validate-duplicates')).toContain(
      `${dir}/triggers/_order.yaml:5:5: error: duplicate trigger category 'Routing' (first at line 2) (categories[1].name)\n`
        + '    hint: list each category once, with all of its triggers',
    );
  });

  it('rejects a rename from a title that another file still declares', async () => {
    expect(await validateFixture('validate-duplicates')).toContain(
      `${dir}/triggers/route-billing.yaml:3:1: error: previous_title 'Route VIP tickets' is the title of another trigger (${dir}/triggers/route-vip.yaml) (previous_title)\n`
        + '    hint: a rename must point at a trigger that config/ no longer declares under that title; otherwise the plan cannot tell which one to rename',
    );
  });

  it('rejects two renames from the same title', async () => {
    const output = await validateFixture('validate-duplicates');
    expect(output).toContain(
      `${dir}/macros/close-a.yaml:2:1: error: previous_title 'Close ticket' is also used by ${dir}/macros/close-b.yaml (previous_title)\n`
        + "    hint: only one macro can be renamed from 'Close ticket'",
    );
    expect(output.filter((line) => line.includes("previous_title 'Close ticket'"))).toHaveLength(2);
  });
});
