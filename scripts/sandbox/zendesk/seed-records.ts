/**
 * Record builders the seeds share (defaultSeed, longLivedSeed), each in the shape a real
 * account returns for its kind (reference §9, §10, §13). Callers give explicit ids because
 * other records point at them; overrides are spread over the result
 * (`{ ...brand(…), active: false }`).
 */
import { createHmac } from 'node:crypto';
import { webhookId } from './ids.ts';
import { organizationRecord } from './resources.ts';
import type { SandboxRecord } from './state.ts';

/** Reference §9.1: every organization field key present, null when unset (the seed defines two). */
export function organization(id: number, name: string, fields: SandboxRecord = {}): SandboxRecord {
  const { organization_fields: customFields, ...rest } = fields;
  return { id, ...organizationRecord(name, rest, { salesforce_id: null, support_tier: null, ...(customFields as object | undefined) }) };
}

/** Reference §9.4; the seed's customers each have one membership, which is their default. */
export function membership(id: number, member: SandboxRecord, org: SandboxRecord): SandboxRecord {
  return {
    id,
    user_id: member.id,
    organization_id: org.id,
    organization_name: org.name,
    default: true,
    view_tickets: member.ticket_restriction === 'organization',
  };
}

export function user(id: number, name: string, email: string, role: 'admin' | 'agent' | 'end-user', defaultGroupId?: number): SandboxRecord {
  const staff = role !== 'end-user';
  return {
    id,
    name,
    email,
    role,
    role_type: role === 'admin' ? 4 : null,
    custom_role_id: null,
    active: true,
    verified: true,
    suspended: false,
    shared: false,
    shared_agent: false,
    locale: 'en-US',
    locale_id: 1,
    time_zone: 'Eastern Time (US & Canada)',
    iana_time_zone: 'America/New_York',
    organization_id: null,
    ...(defaultGroupId === undefined ? {} : { default_group_id: defaultGroupId }),
    external_id: null,
    ticket_restriction: staff ? null : 'requested',
    restricted_agent: !staff,
    only_private_comments: false,
    moderator: role === 'admin',
    report_csv: role === 'admin',
    chat_only: false,
    two_factor_auth_enabled: staff,
    alias: '',
    notes: '',
    details: '',
    signature: staff ? `${name.split(' ')[0]} from Acme Support` : '',
    phone: null,
    photo: null,
    tags: [],
    user_fields: { preferred_language: null },
    last_login_at: '2024-05-02T14:12:09Z',
  };
}

export function customStatus(id: number, category: string, agentLabel: string, endUserLabel: string, isDefault: boolean): SandboxRecord {
  return {
    id,
    status_category: category,
    agent_label: agentLabel,
    raw_agent_label: agentLabel,
    end_user_label: endUserLabel,
    raw_end_user_label: endUserLabel,
    description: '',
    raw_description: '',
    end_user_description: '',
    raw_end_user_description: '',
    active: true,
    default: isDefault,
  };
}

export function options(...pairs: [string, string][]): { name: string; value: string }[] {
  return pairs.map(([name, value]) => ({ name, value }));
}

function fieldCommon(title: string, description: string): SandboxRecord {
  return {
    title,
    raw_title: title,
    description,
    raw_description: description,
    agent_description: '',
    title_in_portal: title,
    raw_title_in_portal: title,
    active: true,
    required: false,
    required_in_portal: false,
    visible_in_portal: true,
    editable_in_portal: true,
    collapsed_for_agents: false,
    regexp_for_validation: null,
    tag: null,
    sub_type_id: 0,
  };
}

export function systemField(id: number, type: string, title: string, extra: SandboxRecord): SandboxRecord {
  return { id, type, ...fieldCommon(title, `${title} of the ticket`), removable: false, ...extra };
}

export function taggerField(id: number, title: string, description: string, choices: [number, string, string][]): SandboxRecord {
  return {
    id,
    type: 'tagger',
    ...fieldCommon(title, description),
    removable: true,
    custom_field_options: choices.map(([optionId, name, value]) => ({ id: optionId, name, raw_name: name, value, default: false })),
  };
}

/** A free-text custom field (reference §13.2 type `text`). */
export function textField(id: number, title: string, description: string): SandboxRecord {
  return { id, type: 'text', ...fieldCommon(title, description), removable: true };
}

export function ticketForm(id: number, name: string, displayName: string, position: number, isDefault: boolean, fieldIds: number[]): SandboxRecord {
  return {
    id,
    name,
    raw_name: name,
    display_name: displayName,
    raw_display_name: displayName,
    position,
    active: true,
    default: isDefault,
    end_user_visible: true,
    in_all_brands: isDefault,
    restricted_brand_ids: [],
    ticket_field_ids: fieldIds,
    agent_conditions: [],
    end_user_conditions: [],
  };
}

export function brand(id: number, name: string, subdomain: string, isDefault: boolean, formIds: unknown[]): SandboxRecord {
  return {
    id,
    name,
    subdomain,
    brand_url: `https://${subdomain}.zendesk.com`,
    host_mapping: '',
    active: true,
    default: isDefault,
    is_deleted: false,
    has_help_center: isDefault,
    help_center_state: isDefault ? 'enabled' : 'disabled',
    signature_template: '{{agent.signature}}',
    ticket_form_ids: formIds,
  };
}

/** Intervals are minutes from Sunday 00:00; Monday–Friday from `open` to `close` o'clock. */
export function schedule(id: number, name: string, timeZone: string, open: number, close: number): SandboxRecord {
  const intervals = [1, 2, 3, 4, 5].map((day) => ({ start_time: day * 1440 + open * 60, end_time: day * 1440 + close * 60 }));
  return { id, name, time_zone: timeZone, intervals };
}

export function organizationField(id: number, key: string, type: string, title: string, position: number, choices: [number, string, string][]): SandboxRecord {
  return {
    id,
    key,
    type,
    title,
    raw_title: title,
    description: '',
    raw_description: '',
    position,
    active: true,
    system: false,
    regexp_for_validation: null,
    tag: null,
    ...(choices.length > 0
      ? { custom_field_options: choices.map(([optionId, name, value]) => ({ id: optionId, name, raw_name: name, value })) }
      : {}),
  };
}

/** Reference §13.3: the secret lives in `authentication.data` and is never shown in reads. */
/** The bearer token a seeded webhook holds (made up; reads never show it). */
export function webhookToken(name: string): string {
  return `sandbox-secret-${name.toLowerCase().replace(/\W+/g, '-')}`;
}

/**
 * The mark earlier versions of zendesk-gitops left at the end of a webhook's
 * description: `[credential <16 hex>]`, an HMAC-SHA256 of
 * type\0username\0header_name\0secret under a key fixed in their source. Real
 * accounts they managed carry it; written out here so the sandbox does not
 * depend on the tool.
 */
export function v1CredentialMark(bearerToken: string): string {
  const fingerprint = createHmac('sha256', 'zendesk-gitops webhook credential v1').update(['bearer_token', '', '', bearerToken].join('\u0000')).digest('hex').slice(0, 16);
  return `[credential ${fingerprint}]`;
}

export function webhook(id: number, name: string, description: string, endpoint: string, createdBy: SandboxRecord): SandboxRecord {
  return {
    id: webhookId(id),
    name,
    description,
    endpoint,
    http_method: 'POST',
    request_format: 'json',
    status: 'active',
    subscriptions: ['conditional_ticket_events'],
    authentication: { type: 'bearer_token', data: { token: webhookToken(name) }, add_position: 'header' },
    created_by: String(createdBy.id),
    updated_by: String(createdBy.id),
  };
}
