/**
 * The Handlebars instance for the Pages site (templates/pages/). Not render/templates.ts's:
 * that one renders Markdown for GitLab (its `inert` helper, blank-line folding, .md.hbs),
 * while these are HTML pages, where Handlebars' own escaping of `{{value}}` is the right
 * one; and pages/ sits beside render/ in the layers, so it does not import it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

const TEMPLATES = new URL('../../templates/pages/', import.meta.url);
const PARTIALS = new URL('partials/', TEMPLATES);
const SUFFIX = '.html.hbs';

const handlebars = Handlebars.create();
for (const file of readdirSync(PARTIALS).filter((f) => f.endsWith(SUFFIX)).sort()) {
  handlebars.registerPartial(file.slice(0, -SUFFIX.length), readFileSync(new URL(file, PARTIALS), 'utf8'));
}

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** templates/pages/<name>.html.hbs with `view`; `{{value}}` is HTML-escaped, `{{{value}}}` only for markup the build made. */
export function renderPage(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    template = handlebars.compile(readFileSync(new URL(`${name}${SUFFIX}`, TEMPLATES), 'utf8'), { strict: true });
    compiled.set(name, template);
  }
  return template(view);
}

/** A static file of templates/pages/ (the stylesheet), as it is. */
export function pageAsset(name: string): string {
  return readFileSync(new URL(name, TEMPLATES), 'utf8');
}
