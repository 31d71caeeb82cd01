/**
 * Read-only Zendesk objects that config/ refers to by name. Fetched once per
 * plan; used to check names (validate) and to turn names into ids and back
 * (references.ts). Kept as plain data so validation stays a pure function.
 */
export interface NamedRecord {
  id: number | string;
  name: string;
  /**
   * false for retired objects that still carry their name: inactive brands,
   * forms, webhooks, custom statuses, targets, deleted groups. Absent: active.
   */
  active?: boolean;
}

export interface UserRecord {
  id: number;
  email: string;
  name: string;
  active?: boolean;
}

export interface FieldOptionRecord {
  id: number;
  name: string;
  /** The tag Zendesk stores for the option; what rules compare against. */
  value: string;
}

export interface TicketFieldRecord {
  id: number;
  title: string;
  type: string;
  options: FieldOptionRecord[];
  /** Retired fields keep their title and can share it with their successor. Absent: active. */
  active?: boolean;
}

export interface KeyedFieldRecord {
  id: number;
  key: string;
  title: string;
  /** Drop-down fields: options by name, and the tag Zendesk stores (§9.3). Absent or empty otherwise. */
  options?: FieldOptionRecord[];
}

/** A dynamic content item: what rules write as its `placeholder` (`{{dc.refund_policy}}`), derived from its name once, at creation. */
export interface DynamicContentRecord {
  id: number;
  name: string;
  placeholder: string;
}

export interface Lookups {
  groups: NamedRecord[];
  brands: NamedRecord[];
  ticketForms: NamedRecord[];
  schedules: NamedRecord[];
  webhooks: NamedRecord[];
  /** `name` is the agent label. */
  customStatuses: NamedRecord[];
  /** Legacy targets (§13.4), read-only: rules may still notify them. Empty where the account has none. */
  targets: NamedRecord[];
  /** Agents and admins: the only users rules may name. */
  users: UserRecord[];
  ticketFields: TicketFieldRecord[];
  organizationFields: KeyedFieldRecord[];
  userFields: KeyedFieldRecord[];
  /** The account's locales (GET /locales), `name` being the code (`en-US`, `de`): how dynamic content names its variants. */
  locales: NamedRecord[];
  /** Dynamic content items, so the `{{dc.…}}` placeholders in rules can be checked. Empty where the plan has no dynamic content. */
  dynamicContent: DynamicContentRecord[];
}

export type NamedLookupKind = 'groups' | 'brands' | 'ticketForms' | 'schedules' | 'webhooks' | 'customStatuses' | 'targets' | 'users' | 'locales';

export function emptyLookups(): Lookups {
  return {
    groups: [], brands: [], ticketForms: [], schedules: [], webhooks: [], customStatuses: [], targets: [],
    users: [], ticketFields: [], organizationFields: [], userFields: [], locales: [], dynamicContent: [],
  };
}
