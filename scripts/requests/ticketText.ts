/**
 * A customer ticket's subject and body are Handlebars, rendered once per recipient
 * with `{ name, email, organization }` and nothing else (issue 11: "no access to
 * anything else").
 *
 * The template is checked as a syntax tree before it is compiled: only text,
 * comments and `{{name}}`, `{{email}}`, `{{organization}}` pass. Helpers
 * (`{{#with}}`, `{{lookup}}`, `{{log}}`), partials (`{{> x}}`), paths
 * (`{{constructor.constructor}}`, `{{../x}}`, `{{@root}}`) and, in an HTML body,
 * `{{{triple}}}` are refused with a message naming the field. Behind that check the
 * compile runs in its own Handlebars environment (`Handlebars.create()`, nothing
 * registered) with strict mode, known helpers only (the built-ins switched off),
 * and prototype access denied, so even a construct the check missed finds nothing
 * to reach.
 *
 * A recipient's values are data, never template: a name written `{{constructor}}`
 * reaches the ticket as those characters. In an HTML body they are HTML-escaped
 * (`<img>` shows as text); in a plain-text subject or body they stay as typed.
 */
import Handlebars from 'handlebars';

export const TICKET_VARIABLES = ['name', 'email', 'organization'] as const;

export interface RecipientVariables {
  name: string;
  email: string;
  organization: string;
}

export type TicketTemplate = { ok: true; render: (recipient: RecipientVariables) => string } | { ok: false; message: string };

const MAX_TEMPLATE_LENGTH = 100_000;
const VARIABLE_LIST = TICKET_VARIABLES.map((name) => `{{${name}}}`).join(', ');
const BUILT_INS_OFF = Object.fromEntries(['helperMissing', 'blockHelperMissing', 'each', 'if', 'unless', 'with', 'log', 'lookup'].map((name) => [name, false]));

const isolated = Handlebars.create();

/**
 * `label` names the field in messages ("Body: …"); `html` marks a body sent as
 * html_body, where values are escaped.
 */
export function compileTicketText(source: string, options: { label: string; html: boolean }): TicketTemplate {
  const { label, html } = options;
  if (source.length > MAX_TEMPLATE_LENGTH) return { ok: false, message: `${label}: longer than ${MAX_TEMPLATE_LENGTH} characters` };
  let program: hbs.AST.Program;
  try {
    program = isolated.parse(source);
  } catch (error) {
    return { ok: false, message: `${label}: not a valid template (${firstLine(error)}); write variables as ${VARIABLE_LIST}` };
  }
  const refused = refusedStatement(program.body, html);
  if (refused) return { ok: false, message: `${label}: ${refused}` };
  let template: Handlebars.TemplateDelegate;
  try {
    template = isolated.compile(source, {
      strict: true,
      knownHelpersOnly: true,
      knownHelpers: BUILT_INS_OFF,
      noEscape: !html,
    });
  } catch (error) {
    return { ok: false, message: `${label}: not a valid template (${firstLine(error)})` };
  }
  return {
    ok: true,
    render: (recipient) =>
      template(
        { name: recipient.name, email: recipient.email, organization: recipient.organization },
        { allowProtoMethodsByDefault: false, allowProtoPropertiesByDefault: false, helpers: {}, partials: {}, decorators: {} },
      ),
  };
}

/** What the first statement outside the allowed ones is, in words; null when all are allowed. */
function refusedStatement(body: hbs.AST.Statement[], html: boolean): string | null {
  for (const statement of body) {
    switch (statement.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        continue;
      case 'MustacheStatement': {
        const mustache = statement as hbs.AST.MustacheStatement;
        const path = mustache.path as Partial<hbs.AST.PathExpression> & { type: string };
        const shown = `{{${typeof path.original === 'string' ? path.original : '…'}${mustache.params.length > 0 || mustache.hash ? ' …' : ''}}}`;
        const isVariable =
          path.type === 'PathExpression' && !path.data && path.depth === 0 && path.parts?.length === 1 &&
          (TICKET_VARIABLES as readonly string[]).includes(path.original ?? '') && mustache.params.length === 0 && !mustache.hash;
        if (!isVariable) return `${shown} is not allowed; the only variables are ${VARIABLE_LIST}, with no helpers`;
        if (html && !mustache.escaped) {
          return `{{{${path.original}}}} would put a recipient's text into the HTML unescaped; write {{${path.original}}}`;
        }
        continue;
      }
      case 'BlockStatement':
      case 'DecoratorBlock': {
        const block = statement as hbs.AST.BlockStatement;
        const name = (block.path as Partial<hbs.AST.PathExpression>).original ?? '…';
        return `{{#${name}}} is not allowed: no block helpers; the only variables are ${VARIABLE_LIST}`;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        return `partials ({{> …}}) are not allowed; the only variables are ${VARIABLE_LIST}`;
      default:
        return `${statement.type} is not allowed; the only variables are ${VARIABLE_LIST}`;
    }
  }
  return null;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].replace(/\s+-\s+\d+:\d+$/, '').replace(/:$/, '').trim();
}
