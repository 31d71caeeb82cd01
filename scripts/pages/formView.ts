/**
 * A form definition as templates/pages/form.html.hbs shows it: one entry per field with
 * the control to use, its ids and the ids it is described by, decided here so the
 * template has no logic beyond `if`.
 */
import type { FormDefinition, FormField } from '../forms/definition.ts';

export interface FieldView {
  name: string;
  id: string;
  label: string;
  help: string | null;
  helpId: string;
  errorId: string;
  describedBy: string;
  required: boolean;
  /** Required only for some answers: the page marks it when it is. */
  conditional: boolean;
  hidden: boolean;
  control: { input: boolean; textarea: boolean; select: boolean; checkbox: boolean };
  inputType: string;
  rows: number;
  value: string;
  checked: boolean;
  placeholder: string | null;
  min: number | null;
  max: number | null;
  spellcheck: boolean;
  chooseText: string | null;
  optionGroups: { label: string | null; options: { value: string; label: string; selected: boolean }[] }[];
}

const ROWS: Readonly<Partial<Record<FormField['type'], number>>> = { recipients: 12, emails: 3, textarea: 8 };

export function fieldView(field: FormField): FieldView {
  const id = `field-${field.name}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const control = {
    input: ['text', 'email', 'date', 'number'].includes(field.type),
    textarea: ['textarea', 'emails', 'recipients'].includes(field.type),
    select: field.type === 'select',
    checkbox: field.type === 'checkbox',
  };
  return {
    name: field.name,
    id,
    label: field.label,
    help: field.help ?? null,
    helpId,
    errorId,
    describedBy: field.help ? `${helpId} ${errorId}` : errorId,
    required: field.required === true,
    conditional: field.required !== true && field.required_when !== undefined,
    hidden: field.shown_when !== undefined,
    control,
    inputType: field.type === 'email' || field.type === 'date' || field.type === 'number' ? field.type : 'text',
    rows: ROWS[field.type] ?? 1,
    value: typeof field.default === 'string' || typeof field.default === 'number' ? String(field.default) : '',
    checked: field.default === true,
    placeholder: field.placeholder ?? null,
    min: field.min ?? null,
    max: field.max ?? null,
    spellcheck: field.type === 'text' || field.type === 'textarea',
    chooseText: control.select && field.default === undefined ? 'Choose…' : null,
    optionGroups: optionGroups(field),
  };
}

function optionGroups(field: FormField): FieldView['optionGroups'] {
  const groups: FieldView['optionGroups'] = [];
  for (const option of field.options ?? []) {
    const label = option.group ?? null;
    let group = groups.find((g) => g.label === label);
    if (!group) {
      group = { label, options: [] };
      groups.push(group);
    }
    group.options.push({ value: option.value, label: option.label, selected: option.value === field.default });
  }
  return groups;
}

/** The definition for the page script, safe inside a <script> element: no `<`, `>`, `&` or line separators as themselves. */
export function definitionJson(form: FormDefinition): string {
  return JSON.stringify(form).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
