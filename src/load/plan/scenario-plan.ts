import type { CaseFileSpec } from '../../core/cases/index.js';
import type { Problem } from '../../core/errors/index.js';
import type { Sourced } from '../fields/field.js';
import type { BoundProtocol } from '../protocol/protocol.js';
import { protocols } from '../protocol/protocols.js';
import type { ScenarioPlan, ScenarioProtocol } from '../script/index.js';

/** What a scenario's `protocol` must be, as a problem says it. */
const SHAPE = "must be a protocol: wechatWidget({...}) from lptf/widget, or { name: 'wechat-widget', options: {...} }";

/**
 * What a load file's scenarios are told of the plan: its protocol, for a scenario that names none;
 * each scenario's own bound with its `options` over the plan's fields (so its credentials may stay
 * in the environment; an option the protocol does not declare is a problem, as an unknown flag
 * is); and the plan's case groups.
 *
 * @example
 * ```ts
 * bindScenarios(scenarios, feeders, where, problems, scenarioPlan(planBound, get, caseSpecs, problems))
 * ```
 */
export function scenarioPlan(
  plan: BoundProtocol | undefined,
  get: (field: string) => Sourced | undefined,
  cases: readonly CaseFileSpec[],
  problems: Problem[],
): ScenarioPlan {
  // One bound protocol per name and options: scenarios that ask alike share it (and one client).
  const bound = new Map<string, BoundProtocol>();
  return {
    protocol: plan,
    caseGroups: [...new Set(cases.map((c) => c.label))],
    bindProtocol(choice, where) {
      const c = choice as ScenarioProtocol;
      if (typeof c !== 'object' || c === null || typeof c.name !== 'string')
        return void problems.push({ where, message: SHAPE });
      const protocol = protocols.find(c.name);
      if (!protocol) return void problems.push({ where: `${where}.name`, message: protocols.unknown(c.name) });
      const options: unknown = c.options ?? {};
      if (typeof options !== 'object' || options === null || Array.isArray(options))
        return void problems.push({ where: `${where}.options`, message: `must map ${c.name}'s fields to values` });
      const own = options as Record<string, unknown>;
      // The plan's own protocol, unchanged: bound once (its problems are said once).
      if (plan && c.name === plan.name && Object.keys(own).length === 0) return plan;
      const keys = protocol.fields.map((f) => f.key);
      const before = problems.length;
      for (const k of Object.keys(own))
        if (!keys.includes(k))
          problems.push({
            where: `${where}.options.${k}`,
            message: `is not a field of ${c.name}; its fields: ${keys.join(', ') || 'none'}`,
          });
      if (problems.length > before) return undefined;
      const key = `${c.name} ${JSON.stringify(Object.entries(own).sort(([a], [b]) => a.localeCompare(b)))}`;
      const known = bound.get(key);
      if (known) return known;
      const made = protocol.bind({
        get: (f) => (own[f] === undefined ? get(f) : { value: own[f], where: `${where}.options.${f}` }),
        problem: (p) => void problems.push(p),
        caseFiles: cases.length,
      });
      if (made) bound.set(key, made);
      return made;
    },
  };
}
