/**
 * The Pages site as files: the project page with the index of forms, one page per form,
 * the shared script and stylesheet, and the CSAT dashboard when there is a csat.json.
 * Pure: build.ts reads the inputs and writes the result.
 */
import { csatStylesheet, renderCsatDashboard } from './csat.ts';
import { definitionJson, fieldView } from './formView.ts';
import { pageAsset, renderPage } from './templates.ts';
import type { CsatReport } from '../csat/model.ts';
import type { FormDefinition } from '../forms/definition.ts';

export interface SiteInput {
  forms: readonly FormDefinition[];
  /** The GitLab project, like https://gitlab.example.com/support/zendesk-gitops (no trailing slash). */
  projectUrl: string;
  defaultBranch: string;
  /** public/forms/forms.js: the shared rules and the page script (script.ts). */
  formsScript: string;
  /** csat.json and config/csat.yaml's `dashboard.show_comments`: public/csat/, linked from the project page. */
  csat?: { report: CsatReport; showComments: boolean };
}

/** Path under public/ → content. */
export function buildSite(input: SiteInput): Map<string, string> {
  const files = new Map<string, string>();
  const project = {
    projectUrl: input.projectUrl,
    readmeUrl: `${input.projectUrl}/-/blob/${encodeURIComponent(input.defaultBranch)}/README.md`,
  };
  files.set('index.html', renderPage('index', {
    ...project,
    root: '',
    pageTitle: 'Zendesk as code',
    forms: input.forms.map((form) => ({ id: form.id, title: form.title, description: form.description })),
    csatDashboard: input.csat !== undefined,
  }));
  if (input.csat) {
    files.set('csat/index.html', renderCsatDashboard(input.csat.report, { showComments: input.csat.showComments, projectUrl: input.projectUrl }));
    files.set('csat/csat.css', csatStylesheet());
  }
  for (const form of input.forms) {
    files.set(`forms/${form.id}.html`, renderPage('form', {
      ...project,
      root: '../',
      pageTitle: `${form.title} · Zendesk as code`,
      form: { id: form.id, title: form.title, description: form.description, template: form.issue.template },
      needsApproval: form.approval !== undefined,
      approvalAbove: form.approval && form.approval.required_above > 0 ? form.approval.required_above : null,
      fields: form.fields.map(fieldView),
      definitionJson: definitionJson(form),
    }));
  }
  files.set('forms/forms.js', input.formsScript);
  files.set('style.css', pageAsset('style.css'));
  return files;
}
