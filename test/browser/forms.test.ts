/**
 * The Pages forms in a real browser: Debian's chromium driven by playwright-core (never
 * a downloaded build). The site is built as `npm run pages` builds it and served on
 * loopback; GitLab is never loaded: the navigation to its new-issue page is caught, and
 * the description is read back with the processor's own parser.
 *
 * Chromium and the served site: ./harness.ts.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequestBlock } from '../../scripts/forms/requestBlock.ts';
import { checkSubmission } from '../../scripts/forms/rules.ts';
import type { FormDefinition } from '../../scripts/forms/definition.ts';
import { formById, projectForms, recipientLines, SAMPLE_SUBMISSIONS } from '../forms/helpers.ts';
import { chromiumAvailable, PROJECT, servedSite } from './harness.ts';

const NEW_ISSUE = `${PROJECT}/-/issues/new`;
const available = chromiumAvailable('the browser test');

describe.skipIf(!available)('the Pages forms in chromium', () => {
  let close: () => Promise<void>;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let forms: FormDefinition[];
  /** Every request to GitLab, answered here instead. */
  const gitlabRequests: string[] = [];

  beforeAll(async () => {
    ({ origin, browser, close } = await servedSite());
    forms = await projectForms();
    context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await context.route('https://gitlab.example.com/**', (route) => {
      gitlabRequests.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>GitLab (stub)</title>' });
    });
  }, 30_000);

  afterAll(() => close?.());

  async function openForm(id: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${origin}/forms/${id}.html`);
    return page;
  }

  /** Fills a form as a person would, from values as the page collects them. */
  async function fill(page: Page, form: FormDefinition, values: Record<string, unknown>): Promise<void> {
    for (const field of form.fields) {
      const value = values[field.name];
      if (value === undefined) continue;
      const control = page.locator(`#field-${field.name}`);
      if (field.type === 'checkbox') await control.setChecked(value === true);
      else if (field.type === 'select') await control.selectOption(String(value));
      else await control.fill(String(value));
    }
  }

  /** Where the page sent the browser: GitLab's new-issue page, never loaded for real. */
  async function submitAndCatch(page: Page, submit: () => Promise<void>): Promise<URL> {
    await Promise.all([page.waitForURL((url) => url.href.startsWith(NEW_ISSUE)), submit()]);
    return new URL(page.url());
  }

  it('lists every form on the project page, next to the existing text and the README link', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    expect(await page.locator('h1').textContent()).toBe('Zendesk as code');
    expect(await page.locator('.form-list a').allTextContents()).toEqual(forms.map((form) => form.title));
    expect(await page.getByRole('link', { name: 'repository README' }).getAttribute('href')).toBe(`${PROJECT}/-/blob/main/README.md`);
    await page.close();
  });

  it('submits each form to a prefilled new issue whose description the processor reads back', async () => {
    for (const [id, values] of Object.entries(SAMPLE_SUBMISSIONS)) {
      const form = formById(forms, id);
      const page = await openForm(id);
      await fill(page, form, values);
      const url = await submitAndCatch(page, () => page.getByRole('button', { name: 'Continue to GitLab' }).click());
      const description = url.searchParams.get('issue[description]') ?? '';
      expect(url.searchParams.get('issue[title]'), id).toMatch(/\S/);
      expect(description, id).toContain(`/label ~"${form.issue.labels[0]}" ~"request::new"`);
      expect(parseRequestBlock(description, forms), id).toEqual({ ok: true, form, values: checkSubmission(form, values).values });
      await page.close();
    }
  });

  it('works with the keyboard alone, and shows the fields a choice needs', async () => {
    const form = formById(forms, 'internal-request');
    const page = await openForm('internal-request');
    expect(await page.locator('#wrap-namespace').isHidden()).toBe(true);
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    const tabTo = async (id: string) => {
      for (let i = 0; i < 30 && (await focused()) !== id; i++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(id);
    };
    await tabTo('field-request_type');
    // A closed select changes with the arrow keys; "extend a trial" under SaaS trial is the sixth option.
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#field-request_type').inputValue()).toBe('saas_extend_trial');
    expect(await page.locator('#wrap-namespace').isVisible()).toBe(true);
    await tabTo('field-customer_email');
    await page.keyboard.type('owner@customer.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Customer Inc');
    await tabTo('field-namespace');
    await page.keyboard.type('customer-inc');
    await page.keyboard.press('Tab');
    await page.keyboard.type('30');
    await tabTo('field-details');
    await page.keyboard.type('Trial ends during their evaluation.');
    await page.keyboard.press('Tab');
    const url = await submitAndCatch(page, () => page.keyboard.press('Enter'));
    const parsed = parseRequestBlock(url.searchParams.get('issue[description]') ?? '', forms);
    expect(parsed).toEqual({
      ok: true,
      form,
      values: { request_type: 'saas_extend_trial', customer_email: 'owner@customer.example', customer_name: 'Customer Inc', namespace: 'customer-inc', duration_days: 30, details: 'Trial ends during their evaluation.' },
    });
    await page.close();
  });

  it('ties each error to its field, announces the summary and moves focus to the first problem', async () => {
    const page = await openForm('contact-user');
    await fill(page, formById(forms, 'contact-user'), { ...SAMPLE_SUBMISSIONS['contact-user'], email: 'ada at acme', subject: '' });
    await page.getByRole('button', { name: 'Continue to GitLab' }).click();
    const email = page.locator('#field-email');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.getAttribute('aria-describedby')).toBe('field-email-help field-email-error');
    expect(await page.locator('#field-email-error').textContent()).toBe('Email address must be an email address, like name@example.com.');
    // The accessible description a screen reader reads with the field: its help, then its error.
    const described = await page.evaluate(() => (document.activeElement?.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' '));
    expect(described).toContain('must be an email address');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-email');
    const summary = page.getByRole('alert');
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.getByRole('link').allTextContents()).toEqual(['Email address must be an email address, like name@example.com.', 'Subject is required.']);
    await summary.getByRole('link', { name: 'Subject is required.' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-subject');
    // Fixed and sent: the errors go, and nothing was sent while they were there.
    expect(gitlabRequests.some((url) => url.includes('ada%20at%20acme'))).toBe(false);
    await page.locator('#field-email').fill('ada@acme.example');
    await page.locator('#field-subject').fill('Hello');
    await submitAndCatch(page, () => page.getByRole('button', { name: 'Continue to GitLab' }).click());
    await page.close();
  });

  it('sends 500 recipients through the clipboard and the issue template, with the instruction on the page', async () => {
    const form = formById(forms, 'customer-ticket-generator');
    const page = await openForm('customer-ticket-generator');
    await fill(page, form, { ...SAMPLE_SUBMISSIONS['customer-ticket-generator'], recipients: recipientLines(500) });
    await page.getByRole('button', { name: 'Continue to GitLab' }).click();
    const heading = page.getByRole('heading', { name: 'One more step: paste your request' });
    await heading.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('long-request-heading');
    expect(await page.locator('#long-request-copied').textContent()).toContain('copied to your clipboard');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const parsed = parseRequestBlock(copied, forms);
    expect(parsed.ok && parsed.values.recipients).toHaveLength(500);
    const url = await submitAndCatch(page, () => page.getByRole('link', { name: /Open the new issue/ }).click());
    expect(url.searchParams.get('issuable_template')).toBe('Customer Ticket Generator');
    expect(url.searchParams.has('issue[description]')).toBe(false);
    expect(url.href.length).toBeLessThan(300);
    await page.close();
  });
});
