import type { Said } from '../../core/said.js';
import { MAX_CASES } from '../casegen/generate.js';

/**
 * Warnings about widget cases that do not stop a run: lines without the seed's shape
 * `{"type": …, "slot_list": [{"key": …, "value": …}]}` (allowed in abnormal groups, where a broken
 * shape may be the point), and more cases than the self-test form accepts.
 *
 * @example
 * ```ts
 * widgetCaseWarnings(groups) // ['normal: 1 case(s) lack the widget shape … (first at n.jsonl:3)']
 * ```
 */
export function widgetCaseWarnings(
  groups: readonly {
    readonly label: string;
    readonly cases: readonly {
      readonly value: Readonly<Record<string, unknown>>;
      readonly file: string;
      readonly line: number;
    }[];
  }[],
): Said[] {
  const warnings: Said[] = [];
  let total = 0;
  for (const group of groups) {
    total += group.cases.length;
    if (group.label === 'abnormal') continue;
    const misshapen = group.cases.filter((c) => !hasWidgetShape(c.value));
    const first = misshapen[0];
    if (first) {
      warnings.push({
        en: `${group.label}: ${misshapen.length} case(s) lack the widget shape {"type", "slot_list": [{"key","value"}]} (first at ${first.file}:${first.line})`,
        zh: `${group.label}：${misshapen.length} 条用例不是小程序的格式 {"type", "slot_list": [{"key","value"}]}（第一条在 ${first.file}:${first.line}）`,
      });
    }
  }
  if (total > MAX_CASES)
    warnings.push({
      en: `${total} cases: the self-test asks for at most ${MAX_CASES}`,
      zh: `共 ${total} 条用例：自测最多 ${MAX_CASES} 条`,
    });
  return warnings;
}

function hasWidgetShape(value: Readonly<Record<string, unknown>>): boolean {
  const slots = value['slot_list'];
  return (
    'type' in value &&
    Array.isArray(slots) &&
    slots.every((s: unknown) => s !== null && typeof s === 'object' && 'key' in s && 'value' in s)
  );
}
