/** Where the forms' new-issue links point: what someone building Pages sees in every link. */
import { describe, expect, it } from 'vitest';
import { projectUrlFrom } from '../../scripts/pages/projectUrl.ts';

const CONFIGURED = 'https://gitlab.example.com/support/zendesk-config';

describe('the project the forms open issues in', () => {
  it('is --project-url, then GitLab CI\'s own variables, then settings.yaml for a local build', () => {
    expect(projectUrlFrom({}, undefined, CONFIGURED)).toMatchObject({ ok: true, url: CONFIGURED });
    expect(projectUrlFrom({ CI_PROJECT_URL: 'https://gitlab.com/acme/support' }, undefined, CONFIGURED)).toMatchObject({ url: 'https://gitlab.com/acme/support' });
    expect(projectUrlFrom({ CI_SERVER_URL: 'https://git.acme.example/', CI_PROJECT_PATH: 'ops/zendesk' }, undefined, CONFIGURED)).toMatchObject({ url: 'https://git.acme.example/ops/zendesk' });
    expect(projectUrlFrom({ CI_PROJECT_URL: 'https://gitlab.com/acme/support' }, 'https://gitlab.com/other/fork/', CONFIGURED)).toMatchObject({ url: 'https://gitlab.com/other/fork' });
  });

  it('says where to set it when nothing gives one, and refuses an address with a query or credentials', () => {
    expect(projectUrlFrom({}, undefined)).toEqual({ ok: false, message: expect.stringContaining('set pages.project_url in config/settings.yaml') });
    expect(projectUrlFrom({}, 'https://user:pw@gitlab.example.com/a/b')).toMatchObject({ ok: false });
    expect(projectUrlFrom({}, 'https://gitlab.example.com/a/b?x=1')).toMatchObject({ ok: false });
  });
});
