/**
 * Untrusted text (titles, names, descriptions, values, file names, Zendesk's
 * error text) made harmless where people read it. Anyone who can edit a
 * trigger in Zendesk, or a file in a merge request, chooses these strings; the
 * pipeline posts them with its own GitLab token, so whatever GitLab makes of
 * them it makes in the tool's name.
 *
 * - `inert(text)`: for GitLab Markdown (merge-request notes, the drift issue,
 *   plan.md). Every untrusted value that reaches Markdown goes through it, once.
 * - `plainText(text)`: for terminals and fenced code blocks: one line, no
 *   escape sequences, no control characters.
 *
 * Pure; `plainText` lives in core/plainText.ts, which diagnostics use too.
 */
import { plainText } from '../core/plainText.ts';

export { LINE_BREAK_MARK, plainText } from '../core/plainText.ts';

/**
 * U+2060 WORD JOINER: invisible, not a word character, and (unlike a zero-width
 * space) no place to break a line. Put between `@` and a name, the text reads
 * the same but no longer matches GitLab's reference patterns.
 */
const WORD_JOINER = '\u2060';
/**
 * GitLab turns a prefix and a name or number into a reference: `@user`,
 * `@all` and `@group` notify people; `#12`, `!12`, `&12`, `$12`, `~label`,
 * `%milestone` link to issues, merge requests, epics, snippets, labels and
 * milestones (docs.gitlab.com/user/markdown/#gitlab-specific-references); the
 * numbered ones need a digit next, so "Q&A" and "Yes!" are left alone.
 * It does so on the text nodes of the rendered HTML, after Markdown and
 * entities are resolved, so neither a backslash nor `&#64;` stops it; only a
 * character between prefix and name does. Emails (`a@b.example`) are
 * autolinked the same way and are broken by the same joiner.
 */
const REFERENCE = /([#!&$](?=[0-9])|[@~%](?=[\p{L}\p{N}_."\-]))/gu;
/**
 * `scheme://` and `www.` (also after `_` or `*`, so not only at a word start)
 * are autolinked on text nodes too, even when their
 * punctuation is backslash-escaped (gitlab.com/gitlab-org/gitlab/-/issues/339017,
 * "URL auto-linking cannot be circumvented"); a joiner inside `://` and after
 * `www` leaves nothing for the autolinker to find.
 */
const SCHEME_SEPARATOR = /:(?=\/\/)/g;
const WWW = /(www)\./gi;

/**
 * Characters with a meaning in Markdown or HTML, as numeric character
 * references. Entities rather than backslashes, because the same value lands
 * both in Markdown text (list items, quotes) and inside raw HTML blocks
 * (`<details><summary>…</summary>`), where CommonMark passes text through
 * untouched and a backslash would show (spec.commonmark.org/0.30/#html-blocks).
 * An entity is decoded to the literal character in both, and never counts as
 * structure: `&#91;x&#93;(y)` is no link, `&#124;` splits no table cell, `&#96;`
 * opens no code span (spec.commonmark.org/0.30/#entity-and-numeric-character-references).
 * `<`, `>`, `&` and `"` take their usual names, as Handlebars would have written them.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;',
  '\\': '&#92;', '`': '&#96;', '*': '&#42;', '[': '&#91;', ']': '&#93;', '|': '&#124;', _: '&#95;',
};
/**
 * `_` only at the edge of a word, where it would usually open or close
 * emphasis: `salesforce_id` and `_order.yaml` in a path stay readable (and an
 * emphasis that slips through changes only how text looks, never what it does).
 */
const MARKUP = /[&<>"\\`*[\]|]|(?<!\S)_|_(?!\S)/gu;
/**
 * Quick actions (`/label ~x`, `/assign @me`, `/close`) run when a line of the
 * note's source starts with `/` (docs.gitlab.com/user/project/quick_actions/);
 * GitLab reads them from the Markdown source, so here an entity does stop them.
 * Values sit mid-line in every template, and `inert` keeps them on one line;
 * this is for a template that ever puts one first.
 */
const LEADING_SLASH = /^(\s*)\//;

/**
 * Text that GitLab shows as written and acts on in no way: no mention or
 * reference, no quick action, no link, autolink or image, no HTML, no
 * emphasis, table cell or code span it did not ask for, and one line.
 * Ordinary titles come out as they went in ("Escalations::Tier 1"), apart from
 * `"` written as `&quot;`; the joiners it adds are invisible.
 *
 * Not for inside code spans or fenced code blocks, where GitLab resolves
 * nothing and shows entities as typed: there, use `plainText` and a fence
 * longer than any backtick run in the text (markdown.ts `fenceFor`).
 */
export function inert(text: string): string {
  return plainText(text)
    .replace(REFERENCE, `$1${WORD_JOINER}`)
    .replace(SCHEME_SEPARATOR, `:${WORD_JOINER}`)
    .replace(WWW, `$1${WORD_JOINER}.`)
    .replace(MARKUP, (char) => ENTITIES[char])
    .replace(LEADING_SLASH, '$1&#47;');
}
