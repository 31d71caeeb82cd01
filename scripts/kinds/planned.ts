/**
 * A lookup as it will be once apply has written config/'s objects of a kind that feeds it
 * (KindDefinition.feeds): rules may name a field or form the same plan creates or renames.
 * Each declared object replaces the one live record its key (or its rename) names, or
 * joins the list under a placeholder id, negative so it never meets a real one. An object
 * whose key several records share is left as the account has it: validate names it.
 */
export function plannedRecords<R, O extends { key: string; previousKey?: string }>(
  records: readonly R[],
  declared: readonly O[],
  how: {
    /** The record's key, or null for a record the kind does not manage (a system field). */
    keyOf: (record: R) => string | null;
    /** The record the object will be; `ordinal` (1, 2, …) makes its placeholder ids. */
    toRecord: (object: O, live: R | undefined, ordinal: number) => R;
  },
): R[] {
  const planned = [...records];
  let ordinal = 0;
  for (const object of declared) {
    const keyed = (key: string) => planned.filter((record) => how.keyOf(record) === key);
    const matches = keyed(object.key);
    if (matches.length > 1) continue;
    const renamed = matches.length === 0 && object.previousKey !== undefined ? keyed(object.previousKey) : [];
    const live = matches[0] ?? (renamed.length === 1 ? renamed[0] : undefined);
    ordinal += 1;
    const record = how.toRecord(object, live, ordinal);
    if (live) planned.splice(planned.indexOf(live), 1, record);
    else planned.push(record);
  }
  return planned;
}
