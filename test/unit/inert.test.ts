/**
 * inert(): what a title from Zendesk or config/ can no longer do in a GitLab note;
 * plainText(): what it can no longer do to a terminal.
 */
import { formatDiagnostic } from '../../scripts/core/diagnostics.ts';
import { describe, expect, it } from 'vitest';
import { inert, LINE_BREAK_MARK, plainText } from '../../scripts/render/inert.ts';

const WJ = '\u2060';

/** The text GitLab's reference and autolink filters see: after Markdown, with entities decoded. */
function textNodes(markdown: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
  return markdown.replace(/&(amp|lt|gt|quot|#\d+);/g, (_m, name: string) => named[name] ?? String.fromCodePoint(Number(name.slice(1))));
}

/** What would make GitLab act on the text: in the note's source (markup, quick actions) or in its text nodes (references, autolinks). */
function active(markdown: string): string[] {
  const text = textNodes(markdown);
  const found: string[] = [];
  if (/[#!&$][0-9]|[@~%][A-Za-z0-9_."-]/.test(text)) found.push('reference');
  if (text.includes('://') || /www\./i.test(text)) found.push('autolink');
  if (/^\s*\//m.test(markdown)) found.push('quick action');
  if (/[<>[\]`|\\]/.test(markdown)) found.push('markup');
  if (/[\n\r]/.test(markdown)) found.push('line break');
  return found;
}

describe('inert', () => {
  const unchanged = [
    'Escalations::Tier 1',
    'Notify requester of comment update',
    'Route billing tickets to Billing',
    'Auto-reply outside business hours (EMEA)',
    'config/automations/_order.yaml',
    'found by name, not by salesforce_id: the plan sets its salesforce_id',
    '50% of tickets; Q&A',
    'Was it solved? Yes!',
  ];
  it.each(unchanged)('leaves an ordinary title as it reads: %s', (title) => {
    expect(inert(title).replaceAll('&amp;', '&')).toBe(title);
  });

  it('writes double quotes as &quot;, as the notes always have', () => {
    expect(inert('Tier "1"')).toBe('Tier &quot;1&quot;');
  });

  const attacks: [string, string][] = [
    ['mention of everyone', '@all please look'],
    ['group mention', 'ping @support-leads/emea'],
    ['email autolink', 'write to phish@evil.example'],
    ['quick action at the start', '/label ~x'],
    ['quick action after spaces', '   /assign @me'],
    ['quick action on a new line', 'Harmless\n/close\r\n/label ~"security"'],
    ['URL', 'see https://evil.example/login'],
    ['URL with an escaped scheme', 'see http\\:\\/\\/evil.example'],
    ['www link', 'go to www.evil.example or _WWW.evil.example'],
    ['Markdown link', '[click](https://evil.example)'],
    ['reference-style link', '[click][1]'],
    ['image', '![x](https://evil.example/i.png)'],
    ['angle-bracket autolink', '<https://evil.example>'],
    ['HTML breaking out of <summary>', '</summary><img src=x onerror=alert(1)>'],
    ['HTML comment', '<!-- hidden --> text'],
    ['issue, MR, epic, snippet, label and milestone references', '#12 !3 &4 $5 ~bug %"Release 1"'],
    ['table cell break', 'a | b | c'],
    ['code span', 'a `b` c'],
    ['backslash', 'C:\\temp\\'],
    ['entity that would decode to @', '&#64;all'],
  ];
  it.each(attacks)('neutralises %s', (_what, text) => {
    expect(active(text)).not.toEqual([]);
    expect(active(inert(text))).toEqual([]);
  });

  it('keeps every value on one line, showing where a line break was', () => {
    expect(inert('Harmless\n/close')).toBe(`Harmless${LINE_BREAK_MARK}/close`);
    expect(inert('a\tb\u0007c')).toBe('a bc');
  });

  it('writes a leading slash as an entity, so the line is no quick action yet reads the same', () => {
    expect(inert('/label ~x')).toBe(`&#47;label ~${WJ}x`);
  });

  it('shows the text of a link, not a link', () => {
    expect(inert('[click](https://evil.example)')).toBe(`&#91;click&#93;(https:${WJ}//evil.example)`);
    expect(inert('</summary>')).toBe('&lt;/summary&gt;');
  });

  it('neutralises its own output again without losing anything: entities in a title are shown as typed', () => {
    expect(inert('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });
});

describe('plainText', () => {
  const cases: [string, string, string][] = [
    ['colours', '\x1b[31mred\x1b[0m title', 'red title'],
    ['clearing the screen', 'Route\x1b[2J\x1b[H billing', 'Route billing'],
    ['a hyperlink (OSC 8)', '\x1b]8;;https://evil.example\x07click\x1b]8;;\x1b\\', 'click'],
    ['a window title (OSC 0)', '\x1b]0;owned\x07Route', 'Route'],
    ['C1 control sequence introducer', 'a\x9b31mb', 'ab'],
    ['a bell and a backspace', 'ding\x07\x08!', 'ding!'],
    ['DEL and NUL', 'a\x7fb\x00c', 'abc'],
    ['a line feed', 'Route\n+ create trigger "fake"', `Route${LINE_BREAK_MARK}+ create trigger "fake"`],
    ['CRLF, CR and Unicode separators', 'a\r\nb\rc\u2028d\u2029e\x85f', `a${LINE_BREAK_MARK}b${LINE_BREAK_MARK}c${LINE_BREAK_MARK}d${LINE_BREAK_MARK}e${LINE_BREAK_MARK}f`],
    ['a tab', 'a\tb', 'a b'],
    ['bidirectional overrides that make "delete" display reversed (Trojan Source)', 'keep \u202eeteled\u202c \u2066x\u2069', 'keep eteled x'],
    ['but not the letters of a right-to-left title', 'תמיכה VIP', 'תמיכה VIP'],
    ['an escape without its end, whose text stays visible', 'a\x1b]never ends', 'anever ends'],
    ['an ordinary title', 'Escalations::Tier 1 — "VIP" <b>', 'Escalations::Tier 1 — "VIP" <b>'],
  ];
  it.each(cases)('removes %s', (_what, text, expected) => {
    expect(plainText(text)).toBe(expected);
  });
});

describe('diagnostics quoting a hostile title', () => {
  it('print on one line without escape sequences', () => {
    const line = formatDiagnostic({
      severity: 'error',
      file: 'config/triggers/x.yaml',
      line: 3,
      col: 1,
      field: 'title',
      message: 'no trigger named "Route\x1b[2J\n+ create trigger \\"fake\\"" in Zendesk',
      hint: 'did you mean "A\x1b]8;;https://evil.example\x07B"?',
    });
    expect(line).toBe(
      `config/triggers/x.yaml:3:1: error: no trigger named "Route${LINE_BREAK_MARK}+ create trigger \\"fake\\"" in Zendesk (title)\n    hint: did you mean "AB"?`,
    );
  });
});
