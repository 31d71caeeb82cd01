/**
 * The slice of SOQL a Zendesk sync sends (salesforce-api.md §4.4):
 *
 *   SELECT Id, Name, Owner.Name, … FROM Account
 *     [WHERE <condition>] [ORDER BY <field> [ASC|DESC] [NULLS FIRST|LAST]] [LIMIT n]
 *
 * Conditions: `field = | != | <> | < | <= | > | >= value`, `field [NOT] IN (values)`,
 * `field LIKE 'a%'`, joined by AND or by OR (mixing them needs parentheses, as in SOQL),
 * and NOT. Values: 'strings' (with \' and \\), numbers, true/false, null, dates (YYYY-MM-DD).
 * Anything else is 400 MALFORMED_QUERY; an unknown field 400 INVALID_FIELD and an unknown
 * object 400 INVALID_TYPE, worded and positioned as Salesforce does
 * (`ERROR at Row:1:Column:N`).
 */
import { ACCOUNT_RELATIONSHIPS, accountField, type FieldInfo, type SandboxAccount, type SandboxUser, type SelectedField } from './accounts.ts';

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

type Literal = string | number | boolean | null;
type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';

export type Condition =
  | { kind: 'compare'; field: SelectedField; operator: Operator; value: Literal }
  | { kind: 'in'; field: SelectedField; negated: boolean; values: Literal[] }
  | { kind: 'and' | 'or'; parts: Condition[] }
  | { kind: 'not'; part: Condition };

export interface SoqlQuery {
  fields: SelectedField[];
  where?: Condition;
  orderBy?: { field: SelectedField; descending: boolean; nullsLast: boolean };
  limit?: number;
}

interface Token {
  kind: 'word' | 'string' | 'number' | 'date' | 'symbol' | 'end';
  text: string;
  /** 1-based column of its first character. */
  column: number;
}

export function parseSoql(soql: string): SoqlQuery {
  return new Parser(soql).query();
}

class Parser {
  readonly #tokens: Token[];
  readonly #soql: string;
  #at = 0;

  constructor(soql: string) {
    this.#soql = soql;
    this.#tokens = tokenize(soql, (column, text) => this.#malformed(column, text));
  }

  query(): SoqlQuery {
    this.#keyword('SELECT');
    const names: Token[] = [this.#word()];
    while (this.#peekSymbol(',')) {
      this.#at += 1;
      names.push(this.#word());
    }
    this.#keyword('FROM');
    const object = this.#word();
    if (object.text.toLowerCase() !== 'account') {
      throw this.#error(
        'INVALID_TYPE',
        object.column,
        `sObject type '${object.text}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    const fields = names.map((name) => this.#field(name));
    const query: SoqlQuery = { fields };
    if (this.#peekKeyword('WHERE')) {
      this.#at += 1;
      query.where = this.#condition();
    }
    if (this.#peekKeyword('ORDER')) {
      this.#at += 1;
      this.#keyword('BY');
      const field = this.#field(this.#word());
      let descending = false;
      if (this.#peekKeyword('ASC') || this.#peekKeyword('DESC')) descending = this.#tokens[this.#at++].text.toUpperCase() === 'DESC';
      // SOQL sorts nulls first in ascending order, last in descending order, unless told.
      let nullsLast = descending;
      if (this.#peekKeyword('NULLS')) {
        this.#at += 1;
        const which = this.#word();
        if (!['FIRST', 'LAST'].includes(which.text.toUpperCase())) throw this.#malformed(which.column, which.text);
        nullsLast = which.text.toUpperCase() === 'LAST';
      }
      query.orderBy = { field, descending, nullsLast };
    }
    if (this.#peekKeyword('LIMIT')) {
      this.#at += 1;
      const limit = this.#next();
      if (limit.kind !== 'number' || !/^\d+$/.test(limit.text)) throw this.#malformed(limit.column, limit.text);
      query.limit = Number(limit.text);
    }
    const rest = this.#next();
    if (rest.kind !== 'end') throw this.#malformed(rest.column, rest.text);
    return query;
  }

  /** AND and OR may not be mixed without parentheses (SOQL's rule). */
  #condition(): Condition {
    const first = this.#term();
    const joiner = this.#peekKeyword('AND') ? 'and' : this.#peekKeyword('OR') ? 'or' : undefined;
    if (!joiner) return first;
    const parts = [first];
    while (this.#peekKeyword(joiner)) {
      this.#at += 1;
      parts.push(this.#term());
    }
    const other = joiner === 'and' ? 'OR' : 'AND';
    if (this.#peekKeyword(other)) throw this.#malformed(this.#tokens[this.#at].column, this.#tokens[this.#at].text);
    return { kind: joiner, parts };
  }

  #term(): Condition {
    if (this.#peekKeyword('NOT')) {
      this.#at += 1;
      return { kind: 'not', part: this.#term() };
    }
    if (this.#peekSymbol('(')) {
      this.#at += 1;
      const inner = this.#condition();
      this.#symbol(')');
      return inner;
    }
    const field = this.#field(this.#word());
    if (this.#peekKeyword('NOT') || this.#peekKeyword('IN')) {
      const negated = this.#peekKeyword('NOT');
      if (negated) this.#at += 1;
      this.#keyword('IN');
      this.#symbol('(');
      const values = [this.#literal(field)];
      while (this.#peekSymbol(',')) {
        this.#at += 1;
        values.push(this.#literal(field));
      }
      this.#symbol(')');
      return { kind: 'in', field, negated, values };
    }
    const operatorToken = this.#next();
    const operator = operatorOf(operatorToken);
    if (!operator) throw this.#malformed(operatorToken.column, operatorToken.text);
    return { kind: 'compare', field, operator, value: this.#literal(field) };
  }

  #literal(field: SelectedField): Literal {
    const token = this.#next();
    const info = field.field;
    const mustBe = (type: string) =>
      this.#error('INVALID_FIELD', token.column, `value of filter criterion for field '${info.name}' must be of type ${type} and should not be enclosed in quotes`);
    switch (token.kind) {
      case 'string':
        if (info.type === 'double') throw mustBe('double');
        if (info.type === 'date') throw mustBe('date');
        if (info.type === 'boolean') throw mustBe('boolean');
        return token.text;
      case 'number':
        if (info.type !== 'double') throw this.#error('INVALID_FIELD', token.column, `value of filter criterion for field '${info.name}' must be of type ${info.type === 'date' ? 'date' : 'string'} and should be enclosed in quotes`);
        return Number(token.text);
      case 'date':
        return token.text;
      case 'word': {
        const word = token.text.toLowerCase();
        if (word === 'null') return null;
        if (word === 'true' || word === 'false') return word === 'true';
        throw this.#malformed(token.column, token.text);
      }
      default:
        throw this.#malformed(token.column, token.text);
    }
  }

  /** `Name`, or `Owner.Name` through a relationship; INVALID_FIELD as Salesforce words it. */
  #field(token: Token): SelectedField {
    const parts = token.text.split('.');
    // `Account.Name` names the queried object's own field.
    if (parts.length > 1 && parts[0].toLowerCase() === 'account') parts.shift();
    if (parts.length === 1) {
      const info = accountField(parts[0]);
      if (!info) {
        throw this.#error(
          'INVALID_FIELD',
          token.column,
          `No such column '${parts[0]}' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      return { kind: 'field', field: info };
    }
    const relationship = ACCOUNT_RELATIONSHIPS[parts[0].toLowerCase()];
    if (!relationship || parts.length > 2) {
      throw this.#error(
        'INVALID_FIELD',
        token.column,
        `Didn't understand relationship '${parts[0]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    const info = relationship.fields.find((f) => f.name.toLowerCase() === parts[1].toLowerCase());
    if (!info) throw this.#error('INVALID_FIELD', token.column, `No such column '${parts[1]}' on entity '${relationship.object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    return { kind: 'relationship', relationship: relationship.name, object: relationship.object, idField: relationship.idField, field: info };
  }

  #next(): Token {
    const token = this.#tokens[this.#at];
    if (token.kind !== 'end') this.#at += 1;
    return token;
  }

  #word(): Token {
    const token = this.#next();
    if (token.kind !== 'word') throw this.#malformed(token.column, token.text);
    return token;
  }

  #keyword(keyword: string): void {
    const token = this.#next();
    if (token.kind !== 'word' || token.text.toUpperCase() !== keyword) throw this.#malformed(token.column, token.text);
  }

  #symbol(symbol: string): void {
    const token = this.#next();
    if (token.kind !== 'symbol' || token.text !== symbol) throw this.#malformed(token.column, token.text);
  }

  #peekKeyword(keyword: string): boolean {
    const token = this.#tokens[this.#at];
    return token.kind === 'word' && token.text.toUpperCase() === keyword.toUpperCase();
  }

  #peekSymbol(symbol: string): boolean {
    const token = this.#tokens[this.#at];
    return token.kind === 'symbol' && token.text === symbol;
  }

  #malformed(column: number, text: string): SoqlError {
    return this.#error('MALFORMED_QUERY', column, `unexpected token: ${text === '' ? '<EOF>' : `'${text}'`}`);
  }

  /** Salesforce quotes the query, points at the column and says what is wrong, over several lines. */
  #error(errorCode: SoqlError['errorCode'], column: number, problem: string): SoqlError {
    const line = this.#soql.replace(/\s+/g, ' ');
    return new SoqlError(errorCode, `\n${line}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\n${problem}`);
  }
}

function operatorOf(token: Token): Operator | undefined {
  if (token.kind === 'word' && token.text.toUpperCase() === 'LIKE') return 'LIKE';
  if (token.kind !== 'symbol') return undefined;
  if (token.text === '<>') return '!=';
  return (['=', '!=', '<', '<=', '>', '>='] as const).find((op) => op === token.text);
}

function tokenize(soql: string, malformed: (column: number, text: string) => SoqlError): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i];
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const column = i + 1;
    if (c === "'") {
      let text = '';
      i += 1;
      while (i < soql.length && soql[i] !== "'") {
        if (soql[i] === '\\' && i + 1 < soql.length) {
          const escaped = soql[i + 1];
          text += { n: '\n', t: '\t', r: '\r' }[escaped] ?? escaped;
          i += 2;
        } else {
          text += soql[i];
          i += 1;
        }
      }
      if (i >= soql.length) throw malformed(column, soql.slice(column - 1));
      i += 1;
      tokens.push({ kind: 'string', text, column });
      continue;
    }
    const date = /^\d{4}-\d{2}-\d{2}(?![\dT])/.exec(soql.slice(i));
    if (date) {
      tokens.push({ kind: 'date', text: date[0], column });
      i += date[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(soql.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], column });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(soql.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], column });
      i += word[0].length;
      continue;
    }
    const symbol = /^(<=|>=|!=|<>|[=<>(),])/.exec(soql.slice(i));
    if (!symbol) throw malformed(column, c);
    tokens.push({ kind: 'symbol', text: symbol[0], column });
    i += symbol[0].length;
  }
  tokens.push({ kind: 'end', text: '', column: soql.length + 1 });
  return tokens;
}

/** The value a condition or ORDER BY sees: the account's own field, or the related record's. */
export function valueOf(account: SandboxAccount, selected: SelectedField, users: ReadonlyMap<string, SandboxUser>): unknown {
  if (selected.kind === 'field') return account[selected.field.name as keyof SandboxAccount];
  const targetId = account[selected.idField as keyof SandboxAccount] as string | null;
  const target = targetId ? users.get(targetId) : undefined;
  return target ? target[selected.field.name as keyof SandboxUser] : null;
}

export function matches(account: SandboxAccount, condition: Condition, users: ReadonlyMap<string, SandboxUser>): boolean {
  switch (condition.kind) {
    case 'and':
      return condition.parts.every((part) => matches(account, part, users));
    case 'or':
      return condition.parts.some((part) => matches(account, part, users));
    case 'not':
      return !matches(account, condition.part, users);
    case 'in': {
      const value = valueOf(account, condition.field, users);
      const found = condition.values.some((candidate) => equal(value, candidate, condition.field.field));
      return condition.negated ? !found : found;
    }
    case 'compare': {
      const value = valueOf(account, condition.field, users);
      switch (condition.operator) {
        case '=':
          return equal(value, condition.value, condition.field.field);
        case '!=':
          return !equal(value, condition.value, condition.field.field);
        case 'LIKE':
          return typeof value === 'string' && typeof condition.value === 'string' && likePattern(condition.value).test(value);
        default:
          // Comparisons with null are never true in SOQL.
          if (value === null || condition.value === null) return false;
          return compare(value, condition.value, condition.operator);
      }
    }
  }
}

/** Text comparisons in SOQL ignore case; ids compare on their 15-character form. */
function equal(value: unknown, literal: Literal, info: FieldInfo): boolean {
  if (value === null || literal === null) return value === literal;
  if (typeof value === 'string' && typeof literal === 'string') {
    if (info.type === 'id' || info.type === 'reference') return value.slice(0, 15) === literal.slice(0, 15);
    return value.toLowerCase() === literal.toLowerCase();
  }
  return value === literal;
}

function compare(value: unknown, literal: Exclude<Literal, null>, operator: '<' | '<=' | '>' | '>='): boolean {
  const left = typeof value === 'string' ? value.toLowerCase() : (value as number);
  const right = typeof literal === 'string' ? literal.toLowerCase() : literal;
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

/** LIKE: `%` any run, `_` one character, case-insensitive. */
function likePattern(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

/** ORDER BY's comparator: nulls first ascending unless NULLS LAST; text ignores case. */
export function orderComparator(orderBy: NonNullable<SoqlQuery['orderBy']>, users: ReadonlyMap<string, SandboxUser>): (a: SandboxAccount, b: SandboxAccount) => number {
  const isId = orderBy.field.field.type === 'id' || orderBy.field.field.type === 'reference';
  return (a, b) => {
    const left = valueOf(a, orderBy.field, users);
    const right = valueOf(b, orderBy.field, users);
    if (left === null || right === null) {
      if (left === right) return 0;
      return (left === null) === orderBy.nullsLast ? 1 : -1;
    }
    // Ids sort by their characters as they are; text ignores case.
    const fold = (value: unknown) => (typeof value === 'string' && !isId ? value.toLowerCase() : (value as string | number));
    const l = fold(left);
    const r = fold(right);
    const order = l < r ? -1 : l > r ? 1 : 0;
    return orderBy.descending ? -order : order;
  };
}
