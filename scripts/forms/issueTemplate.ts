/**
 * `.gitlab/issue_templates/<template>.md` for a form, for people who open an issue
 * directly instead of using the page: what to fill in, an empty request block, and the
 * labels as a quick action. Written by `npm run pages -- --issue-templates`; a test
 * keeps the committed files equal to this.
 */
import { formatRequestBlock, NEW_REQUEST_LABEL } from './rules.ts';
import type { FormDefinition, FormField, NormalizedValues } from './rules.ts';

export function issueTemplateText(form: FormDefinition): string {
  const labels = [...form.issue.labels, NEW_REQUEST_LABEL].map((label) => `~"${label}"`).join(' ');
  return [
    '<!-- Sent here by the form page because the request was too long? Select everything below (Ctrl+A) and paste what the page copied (Ctrl+V). -->',
    `## ${form.title}`,
    '',
    oneLine(form.description),
    '',
    'Fill in the values in the request block below and keep its layout: text in double quotes, one line each',
    '(write a line break as \\n). The request processor reads only the block, checks it with the same rules as',
    'the form on the project\'s Pages site, and comments here if something needs fixing.',
    '',
    '| Value | Required | What to write |',
    '|---|---|---|',
    ...form.fields.map((field) => `| \`${field.name}\` | ${requiredWords(field)} | ${cell(whatToWrite(field))} |`),
    '',
    formatRequestBlock(form.id, skeleton(form)),
    '',
    `/label ${labels}`,
    '',
  ].join('\n');
}

function skeleton(form: FormDefinition): NormalizedValues {
  const values: NormalizedValues = {};
  for (const field of form.fields) {
    switch (field.type) {
      case 'checkbox':
        values[field.name] = false;
        break;
      case 'emails':
        values[field.name] = [];
        break;
      case 'recipients':
        values[field.name] = [{ email: '', name: '', organization: '' }];
        break;
      default:
        values[field.name] = typeof field.default === 'string' ? field.default : '';
    }
  }
  return values;
}

function requiredWords(field: FormField): string {
  if (field.required) return 'yes';
  if (field.required_when) return 'for some requests';
  return 'no';
}

function whatToWrite(field: FormField): string {
  const parts = [field.label.replace(/[.:]$/, '') + '.', field.help ?? ''];
  switch (field.type) {
    case 'checkbox':
      parts.push('`true` or `false`.');
      break;
    case 'emails':
      parts.push('A list: `["a@example.com", "b@example.com"]`.');
      break;
    case 'recipients':
      parts.push('One `- email:` entry per person, with optional `name:` and `organization:` lines.');
      break;
    case 'date':
      parts.push('A date: `"2026-03-31"`.');
      break;
    case 'number':
      parts.push('A number, without quotes.');
      break;
    case 'select':
      parts.push(`One of: ${(field.options ?? []).map((option) => `\`${option.value}\` (${option.group ? `${option.group}: ` : ''}${option.label})`).join(', ')}.`);
      break;
    default:
      break;
  }
  return parts.filter((part) => part !== '').join(' ');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}
