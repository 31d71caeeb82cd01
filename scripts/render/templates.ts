/**
 * The one Handlebars instance every Markdown text is rendered with: plan.md,
 * the merge-request notes and the drift issue (Atlantis keeps comment
 * templates as files). They share the partials in templates/partials/, so a
 * summary table or a change's details read the same wherever they appear.
 *
 * Helpers:
 * - `{{inert value}}` is how a template shows anything from config/, Zendesk or
 *   a merge request: inert.ts makes it safe for GitLab, and SafeString keeps
 *   Handlebars from escaping it a second time. A bare `{{value}}` is only
 *   HTML-escaped, which stops neither a mention nor a link: it is for the
 *   tool's own words and numbers. `{{{value}}}` is for text already made inert.
 * - `{{count n "change" "changes"}}` (words.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { inert } from './inert.ts';
import { count } from './words.ts';

const TEMPLATES = new URL('../../templates/', import.meta.url);
const PARTIALS = new URL('partials/', TEMPLATES);
const SUFFIX = '.md.hbs';

const handlebars = Handlebars.create();
handlebars.registerHelper('inert', (value: unknown) => new handlebars.SafeString(inert(String(value ?? ''))));
handlebars.registerHelper('count', (n: number, one: string, many: string) => count(n, one, many));

const compiled = new Map<string, Handlebars.TemplateDelegate>();
let partialsRegistered = false;

/**
 * templates/<name>.md.hbs with `view`. Optional blocks leave runs of blank
 * lines; collapsing them is safe because no line inside a section is blank
 * (diff lines start with "- " or "+ ", list items with "- ").
 */
export function renderTemplate(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    registerPartials();
    template = handlebars.compile(readFileSync(new URL(`${name}${SUFFIX}`, TEMPLATES), 'utf8'));
    compiled.set(name, template);
  }
  return `${template(view).replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function registerPartials(): void {
  if (partialsRegistered) return;
  for (const file of readdirSync(PARTIALS).filter((f) => f.endsWith(SUFFIX)).sort()) {
    handlebars.registerPartial(file.slice(0, -SUFFIX.length), readFileSync(new URL(file, PARTIALS), 'utf8'));
  }
  partialsRegistered = true;
}
