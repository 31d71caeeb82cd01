/**
 * The Account object as the sandbox knows it: its fields (standard ones and the custom ones
 * a Zendesk sync uses, salesforce-api.md §4.6), the Owner relationship to User, records as
 * the REST API shows them (§4.4: `attributes`, nulls present, relationships as nested
 * objects) and the rules a PATCH must pass.
 */

export type FieldType = 'id' | 'string' | 'picklist' | 'reference' | 'date' | 'datetime' | 'double' | 'boolean';

export interface FieldInfo {
  name: string;
  type: FieldType;
  updateable: boolean;
}

const field = (name: string, type: FieldType, updateable = true): FieldInfo => ({ name, type, updateable });

export const ACCOUNT_FIELDS: readonly FieldInfo[] = [
  field('Id', 'id', false),
  field('Name', 'string'),
  field('Type', 'picklist'),
  field('OwnerId', 'reference'),
  field('Website', 'string'),
  field('Industry', 'picklist'),
  field('Support_Level__c', 'picklist'),
  field('Region__c', 'string'),
  field('Support_Expiry__c', 'date'),
  field('ARR__c', 'double'),
  field('Zendesk_Organization_Id__c', 'string'),
  field('IsDeleted', 'boolean', false),
  field('CreatedDate', 'datetime', false),
  field('LastModifiedDate', 'datetime', false),
  field('SystemModstamp', 'datetime', false),
];

export const USER_FIELDS: readonly FieldInfo[] = [field('Id', 'id', false), field('Name', 'string', false), field('Email', 'string', false)];

/** Relationship name → the object it leads to and the field holding the id. */
export const ACCOUNT_RELATIONSHIPS: Readonly<Record<string, { name: string; object: 'User'; idField: string; fields: readonly FieldInfo[] }>> = {
  owner: { name: 'Owner', object: 'User', idField: 'OwnerId', fields: USER_FIELDS },
};

export interface SandboxUser {
  Id: string;
  Name: string;
  Email: string;
}

/** An Account as stored: every field present, null when empty. */
export interface SandboxAccount {
  Id: string;
  Name: string;
  Type: string | null;
  OwnerId: string | null;
  Website: string | null;
  Industry: string | null;
  Support_Level__c: string | null;
  Region__c: string | null;
  /** YYYY-MM-DD. */
  Support_Expiry__c: string | null;
  ARR__c: number | null;
  Zendesk_Organization_Id__c: string | null;
  IsDeleted: boolean;
  /** Salesforce's datetime form, `2026-01-02T03:04:05.000+0000`. */
  CreatedDate: string;
  LastModifiedDate: string;
  SystemModstamp: string;
}

export function accountField(name: string): FieldInfo | undefined {
  const lower = name.toLowerCase();
  return ACCOUNT_FIELDS.find((f) => f.name.toLowerCase() === lower);
}

/** `2026-01-02T03:04:05.000+0000`, as the REST API writes datetimes. */
export function salesforceDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A selected field: a field of Account, or `Owner.Name` through a relationship. */
export type SelectedField = { kind: 'field'; field: FieldInfo } | { kind: 'relationship'; relationship: string; object: 'User'; idField: string; field: FieldInfo };

export interface RecordContext {
  apiVersion: string;
  users: ReadonlyMap<string, SandboxUser>;
}

/** One record as the query resource returns it, fields in the order selected (§4.4). */
export function renderAccount(account: SandboxAccount, selected: readonly SelectedField[], context: RecordContext): Record<string, unknown> {
  const base = `/services/data/v${context.apiVersion}/sobjects`;
  const record: Record<string, unknown> = { attributes: { type: 'Account', url: `${base}/Account/${account.Id}` } };
  for (const selection of selected) {
    if (selection.kind === 'field') {
      record[selection.field.name] = account[selection.field.name as keyof SandboxAccount];
      continue;
    }
    const relationshipName = selection.relationship;
    const targetId = account[selection.idField as keyof SandboxAccount] as string | null;
    const target = targetId ? context.users.get(targetId) : undefined;
    // No related record: the relationship itself is null, not an object of nulls.
    if (!target) {
      record[relationshipName] = null;
      continue;
    }
    const nested = (record[relationshipName] as Record<string, unknown> | null | undefined) ?? {
      attributes: { type: selection.object, url: `${base}/${selection.object}/${target.Id}` },
    };
    nested[selection.field.name] = target[selection.field.name as keyof SandboxUser];
    record[relationshipName] = nested;
  }
  return record;
}

/** Why a value cannot go into a field, in Salesforce's words; undefined when it can. */
export function valueProblem(info: FieldInfo, value: unknown): { errorCode: string; message: string } | undefined {
  if (value === null) return info.name === 'Name' ? { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]' } : undefined;
  const wrongType = (expected: string) => ({
    errorCode: 'JSON_PARSER_ERROR',
    message: `Cannot deserialize instance of ${expected} from ${typeof value} value ${JSON.stringify(value)} or request may be missing a required field`,
  });
  switch (info.type) {
    case 'double':
      return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) ? undefined : wrongType('double');
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : wrongType('date');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : wrongType('boolean');
    default:
      // Text fields take numbers too: Salesforce stores their text.
      return typeof value === 'string' || typeof value === 'number' ? undefined : wrongType('string');
  }
}

/** The stored form of an accepted value. */
export function storedValue(info: FieldInfo, value: unknown): unknown {
  if (value === null) return null;
  if (info.type === 'double') return Number(value);
  if (info.type === 'boolean') return value;
  return String(value);
}
