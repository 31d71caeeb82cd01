/**
 * `npm run pages`: builds the Pages site into public/ from config/forms/ and
 * templates/pages/ (the pages job publishes it). `--issue-templates` also rewrites
 * .gitlab/issue_templates/<template>.md from the forms. With a csat.json (`--csat FILE`,
 * or CSAT_REPORT in the environment: the pages job gets it from the csat job), it also
 * builds the CSAT dashboard, public/csat/, and links it from the project page.
 *
 *   npm run pages -- --project-url https://gitlab.example.com/group/project [--out public] [--config config] [--csat csat.json]
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { readOptionalConfigFile } from '../config/optionalFile.ts';
import { formatDiagnostic, hasErrors } from '../core/diagnostics.ts';
import type { CsatReport } from '../csat/model.ts';
import { loadForms } from '../forms/definition.ts';
import { issueTemplateText } from '../forms/issueTemplate.ts';
import { checkCsatReport } from './csatReport.ts';
import { projectUrlFrom } from './projectUrl.ts';
import { formsScript } from './script.ts';
import { buildSite } from './site.ts';

export interface PagesIO {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function buildPages(args: readonly string[], io: PagesIO): Promise<number> {
  let options: { 'project-url'?: string; out: string; config: string; 'issue-templates': boolean; csat?: string };
  try {
    const parsed = parseArgs({
      args: [...args],
      options: {
        'project-url': { type: 'string' },
        out: { type: 'string', default: 'public' },
        config: { type: 'string', default: 'config' },
        'issue-templates': { type: 'boolean', default: false },
        csat: { type: 'string' },
      },
    });
    options = parsed.values as typeof options;
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n`);
    return 2;
  }
  const configDir = resolve(io.cwd, options.config);
  const repositoryRoot = dirname(configDir);
  if (options['issue-templates']) {
    // The templates come from the forms, so their existence is not checked while writing them.
    const { forms, diagnostics } = await loadForms(configDir, { cwd: io.cwd, repositoryRoot, checkTemplates: false });
    for (const diagnostic of diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
    if (hasErrors(diagnostics)) return 1;
    for (const form of forms) {
      const path = join(repositoryRoot, '.gitlab', 'issue_templates', `${form.issue.template}.md`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, issueTemplateText(form));
      io.stdout(`wrote ${relative(io.cwd, path)}\n`);
    }
  }
  const project = projectUrlFrom(io.env, options['project-url'], await configuredProjectUrl(configDir));
  if (!project.ok) {
    io.stderr(`error: ${project.message}\n`);
    return 1;
  }
  const { forms, diagnostics } = await loadForms(configDir, { cwd: io.cwd, repositoryRoot });
  for (const diagnostic of diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
  if (hasErrors(diagnostics)) {
    io.stderr('error: config/forms/ is invalid; nothing was built\n');
    return 1;
  }
  const csatPath = options.csat ?? (io.env.CSAT_REPORT || undefined);
  let csat: { report: CsatReport; showComments: boolean } | undefined;
  if (csatPath !== undefined) {
    const report = await readCsatReport(resolve(io.cwd, csatPath), options.csat !== undefined ? '--csat' : 'CSAT_REPORT', io);
    if (!report) return 1;
    csat = { report, showComments: await configuredShowComments(configDir) };
  }
  const files = buildSite({ forms, projectUrl: project.url, defaultBranch: project.defaultBranch, formsScript: formsScript(), csat });
  const out = resolve(io.cwd, options.out);
  // Forms removed from config/ must not stay published, nor a dashboard built without its csat.json.
  await rm(join(out, 'forms'), { recursive: true, force: true });
  await rm(join(out, 'csat'), { recursive: true, force: true });
  for (const [path, content] of files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), content);
  }
  const formCount = `${forms.length} ${forms.length === 1 ? 'form' : 'forms'}`;
  const pages = csat ? `the project page, ${formCount} and the CSAT dashboard` : `the project page and ${formCount}`;
  io.stdout(`built ${relative(io.cwd, out) || '.'}/: ${pages} (new issues go to ${project.url})\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const io: PagesIO = { cwd: process.cwd(), env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  process.exitCode = await buildPages(process.argv.slice(2), io);
}

/** `pages.project_url` in settings.yaml, for a local build. */
async function configuredProjectUrl(configDir: string): Promise<string | undefined> {
  const settings = (await checkedConfigFile(configDir, 'settings.yaml', 'settings')) as { pages?: { project_url?: string } } | null;
  return settings?.pages?.project_url;
}

/**
 * A config/ file read and checked against its schema as validate does; null when it is
 * absent or refused (validate says why; the build then uses its defaults).
 */
async function checkedConfigFile(configDir: string, file: string, schema: string): Promise<unknown> {
  const read = await readOptionalConfigFile(configDir, file, schema);
  return read.present && read.source ? read.source.value : null;
}

/** csat.json, checked; on a problem, one line naming the file (and field) and undefined: nothing is built. */
async function readCsatReport(path: string, from: string, io: PagesIO): Promise<CsatReport | undefined> {
  const shown = relative(io.cwd, path) || path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    io.stderr(`error: ${shown} (from ${from}): ${reason}; nothing was built\n`);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    io.stderr(`error: ${shown}: not JSON (${(error as Error).message}); nothing was built\n`);
    return undefined;
  }
  const checked = checkCsatReport(value);
  if (!checked.ok) {
    io.stderr(`error: ${shown}: ${checked.field} ${checked.message}; nothing was built\n`);
    return undefined;
  }
  return checked.report;
}

/**
 * `dashboard.show_comments` in config/csat.yaml (schemas/csat.schema.json; validate checks
 * the file). Off unless the file says true: Pages may be public.
 */
async function configuredShowComments(configDir: string): Promise<boolean> {
  const csat = (await checkedConfigFile(configDir, 'csat.yaml', 'csat')) as { dashboard?: { show_comments?: boolean } } | null;
  return csat?.dashboard?.show_comments === true;
}
