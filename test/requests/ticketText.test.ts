/** Subject and body templates see name, email and organization, and nothing else. */
import { describe, expect, it } from 'vitest';
import { compileTicketText } from '../../scripts/requests/ticketText.ts';

const ada = { name: 'Ada', email: 'ada@acme.example', organization: 'Acme Corp' };
const refusal = (source: string, html = false) => {
  const template = compileTicketText(source, { label: 'Body', html });
  return template.ok ? null : template.message;
};

describe('ticket templates', () => {
  it('fills in the three variables per recipient', () => {
    const template = compileTicketText('Dear {{name}} of {{organization}} ({{email}})', { label: 'Body', html: false });
    expect(template.ok && template.render(ada)).toBe('Dear Ada of Acme Corp (ada@acme.example)');
  });

  it.each([
    ['{{constructor}}', 'Body: {{constructor}} is not allowed; the only variables are {{name}}, {{email}}, {{organization}}, with no helpers'],
    ['{{constructor.constructor}}', 'Body: {{constructor.constructor}} is not allowed'],
    ['{{#with name}}{{length}}{{/with}}', 'Body: {{#with}} is not allowed: no block helpers'],
    ['{{> x}}', 'Body: partials ({{> …}}) are not allowed'],
    ['{{lookup this "constructor"}}', 'Body: {{lookup …}} is not allowed'],
    ['{{@root}}', 'Body: {{@root}} is not allowed'],
    ['{{../name}}', 'Body: {{../name}} is not allowed'],
    ['{{ticket.requester.name}}', 'Body: {{ticket.requester.name}} is not allowed'],
    ['Hi {{nmae}}', 'Body: {{nmae}} is not allowed'],
    ['Hi {{name', 'Body: not a valid template (Parse error on line 1)'],
    ['{{#*inline "x"}}{{constructor}}{{/inline}}', 'Body: {{#inline}} is not allowed: no block helpers'],
    ['{{* decorator}}', 'Body: Decorator is not allowed'],
    ['{{__proto__}}', 'Body: {{__proto__}} is not allowed'],
    ['{{this}}', 'Body: {{this}} is not allowed'],
    ['{{name (lookup this "constructor")}}', 'Body: {{name …}} is not allowed'],
    ['{{^name}}x{{/name}}', 'Body: {{#name}} is not allowed: no block helpers'],
  ])('refuses %s with a message naming the field', (source, message) => {
    expect(refusal(source)).toContain(message);
  });

  it('an HTML body escapes values and refuses the triple-stash that would not', () => {
    expect(refusal('<p>{{{name}}}</p>', true)).toBe("Body: {{{name}}} would put a recipient's text into the HTML unescaped; write {{name}}");
    expect(refusal('<p>{{&name}}</p>', true)).toContain('unescaped');
    const template = compileTicketText('<p>{{name}}</p>', { label: 'Body', html: true });
    expect(template.ok && template.render({ ...ada, name: '<img src=x onerror=alert(1)>' })).toBe('<p>&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;</p>');
  });

  it('a plain-text body keeps values as typed, Handlebars in them included', () => {
    const template = compileTicketText('Hello {{name}}, {{organization}}', { label: 'Body', html: false });
    expect(template.ok && template.render({ ...ada, name: '<b>Ada</b>', organization: '{{constructor.constructor}}' })).toBe('Hello <b>Ada</b>, {{constructor.constructor}}');
  });
});
