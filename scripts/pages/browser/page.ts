/**
 * The form pages' script (public/forms/forms.js, after the rules): checks the answers
 * with the processor's own rules, shows every problem next to its field and in a summary,
 * then opens GitLab's new-issue page with the request. Plain DOM, no framework.
 *
 * Accessibility: each control is described by its help and its error (aria-describedby),
 * marked aria-invalid while wrong; the summary is an alert, so it is read out, and focus
 * moves to the first field with a problem. Everything works with the keyboard alone.
 */
import { checkSubmission, isFieldRequired, isFieldShown, newIssueLink } from '../../forms/rules.ts';
import type { FieldProblem, FormDefinition, FormField } from '../../forms/rules.ts';

const formElement = document.querySelector<HTMLFormElement>('form[data-request-form]');
if (formElement) setUpForm(formElement);

function setUpForm(element: HTMLFormElement): void {
  const definition = JSON.parse(document.getElementById('form-definition')?.textContent ?? '{}') as FormDefinition;
  const projectUrl = element.dataset.projectUrl ?? '';
  // On change, not on every keystroke: the conditions read choices and numbers, and a
  // 500-line recipient list is not worth re-reading per key.
  element.addEventListener('change', () => showRelevantFields(definition));
  showRelevantFields(definition);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(definition, projectUrl);
  });
  // A summary link moves focus to its field, not just the scroll position.
  document.getElementById('error-summary')?.addEventListener('click', (event) => {
    const link = (event.target as HTMLElement).closest('a');
    const target = link ? document.getElementById(link.getAttribute('href')?.slice(1) ?? '') : null;
    if (target) {
      event.preventDefault();
      target.focus();
    }
  });
}

function control(field: FormField): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null {
  return document.getElementById(`field-${field.name}`) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null;
}

function rawValues(definition: FormDefinition): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of definition.fields) {
    const element = control(field);
    if (!element) continue;
    values[field.name] = field.type === 'checkbox' ? (element as HTMLInputElement).checked : element.value;
  }
  return values;
}

/** Fields asked only for some answers appear and disappear as those answers change. */
function showRelevantFields(definition: FormDefinition): void {
  const { values } = checkSubmission(definition, rawValues(definition));
  for (const field of definition.fields) {
    const wrapper = document.getElementById(`wrap-${field.name}`);
    if (wrapper && field.shown_when !== undefined) wrapper.hidden = !isFieldShown(field, values);
    if (field.required_when !== undefined) {
      const required = isFieldRequired(field, values);
      control(field)?.setAttribute('aria-required', String(required));
      const mark = document.getElementById(`field-${field.name}-required`);
      if (mark) mark.hidden = !required;
    }
  }
}

async function submit(definition: FormDefinition, projectUrl: string): Promise<void> {
  const { values, problems } = checkSubmission(definition, rawValues(definition));
  showProblems(definition, problems);
  if (problems.length > 0) return;
  const link = newIssueLink(projectUrl, definition, values);
  if (link.kind === 'prefilled') {
    window.location.assign(link.url);
    return;
  }
  await showLongRequest(link.url, link.description);
}

function showProblems(definition: FormDefinition, problems: FieldProblem[]): void {
  const summary = document.getElementById('error-summary');
  const list = document.getElementById('error-summary-list');
  for (const field of definition.fields) {
    const messages = problems.filter((problem) => problem.field === field.name).map((problem) => problem.message);
    const error = document.getElementById(`field-${field.name}-error`);
    if (error) {
      error.textContent = messages.join(' ');
      error.hidden = messages.length === 0;
    }
    const element = control(field);
    if (messages.length > 0) element?.setAttribute('aria-invalid', 'true');
    else element?.removeAttribute('aria-invalid');
  }
  if (!summary || !list) return;
  list.replaceChildren(...problems.map((problem) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#field-${problem.field}`;
    link.textContent = problem.message;
    item.append(link);
    return item;
  }));
  const heading = document.getElementById('error-summary-heading');
  if (heading) heading.textContent = problems.length === 1 ? 'There is a problem with your request' : `There are ${problems.length} problems with your request`;
  summary.hidden = problems.length === 0;
  const first = problems.map((problem) => document.getElementById(`field-${problem.field}`)).find((element) => element !== null);
  first?.focus();
}

/**
 * Too long for an address: the description goes to the clipboard, and the page says what
 * to do with it before the person follows the link to the form's issue template. If the
 * clipboard is refused, the text is shown selected, to copy by hand.
 */
async function showLongRequest(url: string, description: string): Promise<void> {
  const panel = document.getElementById('long-request');
  const link = document.getElementById('long-request-link') as HTMLAnchorElement | null;
  const fallback = document.getElementById('long-request-text') as HTMLTextAreaElement | null;
  const copied = document.getElementById('long-request-copied');
  const notCopied = document.getElementById('long-request-not-copied');
  if (!panel || !link || !fallback || !copied || !notCopied) return;
  let onClipboard = false;
  try {
    await navigator.clipboard.writeText(description);
    onClipboard = true;
  } catch {
    onClipboard = false;
  }
  link.href = url;
  copied.hidden = !onClipboard;
  notCopied.hidden = onClipboard;
  fallback.value = description;
  fallback.hidden = onClipboard;
  panel.hidden = false;
  document.getElementById('long-request-heading')?.focus();
  if (!onClipboard) fallback.select();
}
