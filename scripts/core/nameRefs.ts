/**
 * Names that stay unambiguous on real accounts. config/ names groups, fields,
 * forms, webhooks… by what an admin sees, but long-lived accounts hold
 * several objects with one name: a retired ticket field beside its active
 * successor, a deleted group beside the new one, two active groups called
 * "Escalations" (../shared/reference/zendesk-real-shapes.md, "Duplicate titles").
 * A name is therefore never resolved by guess:
 *
 *   `Product area`             the only object with that name, or else the only ACTIVE one
 *   `Product area [inactive]`  the only inactive one (a retired field, a deleted group)
 *   `Escalations [id:360012]`  one of several that nothing else tells apart
 *   `[id:360012]`              an object the account no longer lists (a rule can still point at it)
 *
 * Admin Center only offers active objects for new conditions, so preferring the
 * one active object is what the admin meant; the other forms are what import
 * writes when the plain name would not lead back to the same object. Every
 * reference either resolves to exactly one id or fails listing the candidates.
 */

export interface NamedCandidate {
  id: string;
  name: string;
  active: boolean;
}

export type Qualifier = { kind: 'none' } | { kind: 'inactive' } | { kind: 'id'; id: string };

export interface ParsedRef {
  name: string;
  qualifier: Qualifier;
}

export type Resolution =
  | { ok: true; id: string; candidate: NamedCandidate | null }
  | { ok: false; reason: 'unknown'; name: string; qualifier: Qualifier }
  | { ok: false; reason: 'ambiguous'; name: string; candidates: NamedCandidate[] }
  | { ok: false; reason: 'mismatch'; name: string; id: string; actual: string };

const QUALIFIED = /^(.*?)\s*\[(inactive|id:\s*([^\]\s]+))\]$/;

export function parseRef(ref: string): ParsedRef {
  const match = QUALIFIED.exec(ref);
  if (!match) return { name: ref, qualifier: { kind: 'none' } };
  const [, name, word, id] = match;
  return { name, qualifier: word === 'inactive' ? { kind: 'inactive' } : { kind: 'id', id } };
}

export function formatRef(name: string, qualifier: Qualifier): string {
  switch (qualifier.kind) {
    case 'none':
      return name;
    case 'inactive':
      return `${name} [inactive]`;
    case 'id':
      return name === '' ? `[id:${qualifier.id}]` : `${name} [id:${qualifier.id}]`;
  }
}

/** All-digit names would read as ids where a name belongs, so their references carry the id too. */
function looksLikeBareId(name: string): boolean {
  return /^\d+$/.test(name.trim());
}

export class NameIndex {
  private readonly byId = new Map<string, NamedCandidate>();
  private readonly byName = new Map<string, NamedCandidate[]>();

  /** `caseInsensitive`: emails, which Zendesk compares ignoring case. */
  constructor(candidates: readonly NamedCandidate[], private readonly options: { caseInsensitive?: boolean } = {}) {
    for (const candidate of candidates) {
      this.byId.set(candidate.id, candidate);
      const key = this.key(candidate.name);
      const same = this.byName.get(key);
      if (same) same.push(candidate);
      else this.byName.set(key, [candidate]);
    }
  }

  /** Every object carrying this name (ignoring any qualifier). */
  named(name: string): NamedCandidate[] {
    return this.byName.get(this.key(name)) ?? [];
  }

  resolve(ref: string): Resolution {
    // A name that literally ends in "[inactive]" is still that name.
    const literal = this.named(ref);
    const { name, qualifier } = literal.length > 0 ? { name: ref, qualifier: { kind: 'none' } as Qualifier } : parseRef(ref);
    const same = this.named(name);
    switch (qualifier.kind) {
      case 'id': {
        const byId = this.byId.get(qualifier.id);
        if (byId && name !== '' && this.key(byId.name) !== this.key(name)) {
          return { ok: false, reason: 'mismatch', name, id: qualifier.id, actual: byId.name };
        }
        // `[id:N]` for an object the account no longer lists is kept as that id: it is what live holds.
        if (!byId && name !== '') return { ok: false, reason: 'unknown', name, qualifier };
        return { ok: true, id: qualifier.id, candidate: byId ?? null };
      }
      case 'inactive':
        return pick(name, same.filter((c) => !c.active), qualifier);
      case 'none': {
        if (same.length <= 1) return pick(name, same, qualifier);
        const active = same.filter((c) => c.active);
        if (active.length === 1) return { ok: true, id: active[0].id, candidate: active[0] };
        return { ok: false, reason: 'ambiguous', name, candidates: same };
      }
    }
  }

  /** The shortest reference that resolves back to this id: what import writes and plans show. */
  refFor(id: string): string {
    const candidate = this.byId.get(id);
    if (!candidate) return formatRef('', { kind: 'id', id });
    const same = this.named(candidate.name);
    if (looksLikeBareId(candidate.name)) return formatRef(candidate.name, { kind: 'id', id });
    const plain = this.resolve(candidate.name);
    if (plain.ok && plain.id === id) return candidate.name;
    if (same.length > 1 && !candidate.active && same.filter((c) => !c.active).length === 1) {
      return formatRef(candidate.name, { kind: 'inactive' });
    }
    return formatRef(candidate.name, { kind: 'id', id });
  }

  private key(name: string): string {
    return this.options.caseInsensitive ? name.toLowerCase() : name;
  }
}

function pick(name: string, candidates: NamedCandidate[], qualifier: Qualifier): Resolution {
  if (candidates.length === 1) return { ok: true, id: candidates[0].id, candidate: candidates[0] };
  if (candidates.length === 0) return { ok: false, reason: 'unknown', name, qualifier };
  return { ok: false, reason: 'ambiguous', name, candidates };
}

/**
 * What a failed resolution means, in the words every caller shows (validation,
 * organizations, apply): the problem, and how to write the reference instead.
 * `thing` is singular ("group", "ticket field").
 */
export function unresolvedText(thing: string, reference: string, failure: Exclude<Resolution, { ok: true }>): { message: string; hint?: string } {
  switch (failure.reason) {
    case 'unknown':
      return { message: `unknown ${thing} '${reference}'` };
    case 'ambiguous':
      return {
        message: `${failure.candidates.length} ${thing}s are named '${failure.name}'; config/ will not guess which one '${reference}' means`,
        hint: `write ${describeCandidates(failure.candidates)}`,
      };
    case 'mismatch':
      return {
        message: `${thing} ${failure.id} is named '${failure.actual}', not '${failure.name}'`,
        hint: `write '${failure.actual} [id:${failure.id}]', or the name alone if it is unique`,
      };
  }
}

/** "'Escalations [id:1]' (active) or 'Escalations [id:2]' (active)". */
export function describeCandidates(candidates: readonly NamedCandidate[]): string {
  return candidates.map((c) => `'${formatRef(c.name, { kind: 'id', id: c.id })}' (${c.active ? 'active' : 'inactive'})`).join(' or ');
}
