/**
 * PLACEHOLDER written by the plan-binding branch so it compiles on its own; the
 * escaping engineer's inert.ts (issue 9, item 5) replaces this file whole.
 *
 * inert(): an untrusted value made safe to place in GitLab Markdown — no
 * mention, quick action, link, image or HTML survives, and it stays on one line.
 * plainText(): the same value for a terminal, without ANSI or control characters.
 */
export function inert(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|<>&@/:~"'=$%^]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function plainText(text: string): string {
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
