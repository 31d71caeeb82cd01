/** An SLA policy has one target per priority and metric; a second would be ambiguous. */
import type { DesiredObject, Diagnostic } from '../../core/model.ts';
import { reportAt } from './report.ts';

export function checkSlaPolicies(policies: readonly DesiredObject<'sla_policies'>[]): Diagnostic[] {
  return policies.flatMap((policy) => {
    const seen = new Set<string>();
    return policy.spec.policy_metrics.flatMap((metric, index) => {
      const key = `${metric.priority} ${metric.metric}`;
      if (!seen.has(key)) {
        seen.add(key);
        return [];
      }
      return [reportAt(policy, ['policy_metrics', index], `second ${metric.metric} target for ${metric.priority} priority`, {
        hint: 'keep one target per priority and metric',
      })];
    });
  });
}
