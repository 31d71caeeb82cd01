/**
 * A form page built from a definition whose text is hostile (a merge request to config/forms/
 * is reviewed, but the page must not depend on the reviewer spotting markup): the text shows
 * as text, and the definition the script reads cannot end its <script> element.
 */
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../scripts/pages/site.ts';
import type { FormDefinition } from '../../scripts/forms/definition.ts';

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>"\'\u2028';
const form: FormDefinition = {
  id: 'contact-user',
  title: HOSTILE,
  description: HOSTILE,
  action: 'single_ticket',
  issue: { title: HOSTILE, template: HOSTILE, labels: [] },
  fields: [
    { name: 'email', type: 'email', label: HOSTILE, help: HOSTILE, placeholder: HOSTILE, required: true },
    { name: 'kind', type: 'select', label: 'Kind', options: [{ value: HOSTILE, label: HOSTILE, group: HOSTILE }], default: HOSTILE },
  ],
};

describe('a form page from a hostile definition', () => {
  it('shows every text escaped and keeps the definition inside its script element', () => {
    const site = buildSite({ forms: [form], projectUrl: 'https://gitlab.example/support/zendesk', defaultBranch: 'main', formsScript: '' });
    for (const page of [site.get('index.html') ?? '', site.get('forms/contact-user.html') ?? '']) {
      expect(page).not.toContain('<img');
      expect(page.match(/<script\b/g)?.length ?? 0).toBeLessThanOrEqual(2);
      expect(page).not.toContain('alert(1)</script>');
    }
    const page = site.get('forms/contact-user.html') ?? '';
    const json = /<script type="application\/json" id="form-definition">([^<]*)<\/script>/.exec(page)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(form);
  });
});
