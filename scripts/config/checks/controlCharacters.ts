/**
 * Titles and names are shown everywhere: terminals, merge-request notes, the
 * drift issue. A control character in one is never meant (YAML writes one only
 * when asked, as "\n", "\t" or "\e" in double quotes) and is how a title fakes a
 * line of a plan, starts a quick action on a line of its own, or recolours a
 * terminal. The renderers neutralise them anyway (render/inert.ts); config/
 * refuses them, so they never reach Zendesk from here.
 */
import type { DesiredConfig, DesiredObject, Diagnostic } from '../../core/model.ts';
import { FOLDER_KINDS, KIND_DEFINITIONS } from '../../kinds/registry.ts';
import { reportAt } from './report.ts';

/**
 * C0 (tab and line feed included), DEL and C1; and the bidirectional overrides and
 * isolates, which make a title display in another order than it is ("Trojan
 * Source", CVE-2021-42574); core/plainText.ts removes the same set on output.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

const HINT = 'write it on one line, without tabs or other control characters';

/**
 * `previous_title` is exempt: it names the live object as Zendesk holds it, and
 * a rename is the way to move a live title that has one onto a clean one.
 */
export function checkControlCharacters(config: DesiredConfig): Diagnostic[] {
  const objects = FOLDER_KINDS.flatMap(({ kind }) =>
    (config.objects[kind] as readonly DesiredObject[]).flatMap((object) => objectProblem(object, KIND_DEFINITIONS[kind].keyField)),
  );
  // Categories are named in triggers/_order.yaml, at the position the order records.
  const categories = config.order.triggers.flatMap((category, index): Diagnostic[] => {
    const found = firstControlCharacter(category.category);
    return found ? [{ severity: 'error', ...category.at, field: `categories[${index}].name`, message: `name ${found}`, hint: HINT }] : [];
  });
  const organizations = (config.organizations ?? []).flatMap((organization): Diagnostic[] => {
    const found = firstControlCharacter(organization.spec.name);
    return found ? [{ severity: 'error', ...organization.locate(['name']), field: 'name', message: `name ${found}`, hint: HINT }] : [];
  });
  return [...objects, ...categories, ...organizations];
}

function objectProblem(object: DesiredObject, field: 'title' | 'name'): Diagnostic[] {
  const found = firstControlCharacter(object.key);
  return found ? [reportAt(object, [field], `${field} ${found}`, { hint: HINT })] : [];
}

/** "contains a control character (U+000A at position 12)", position counted in characters from 1; null when there is none. */
export function firstControlCharacter(text: string): string | null {
  const match = CONTROL_CHARACTER.exec(text);
  if (!match) return null;
  const codePoint = match[0].codePointAt(0)!;
  const position = [...text.slice(0, match.index)].length + 1;
  return `contains a control character (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at position ${position})`;
}
