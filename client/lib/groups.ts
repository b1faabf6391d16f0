import type { TFunction } from '../i18n/translator.ts';
import { builtInGroupKeys, type Group } from '../../shared/domain/groups.ts';

export function isBuiltInGroup(key: string): boolean {
  return (builtInGroupKeys as readonly string[]).includes(key);
}

/**
 * A facilitator's own name for a group wins; built-in groups otherwise read in the viewer's
 * language. A key the client does not know is still shown, never hidden.
 */
export function groupName(t: TFunction, group: { key: string; label: string | null }): string {
  if (group.label) return group.label;
  if (isBuiltInGroup(group.key)) return t(`groups.${group.key}`);
  return group.key;
}

export function groupNameByKey(t: TFunction, groups: readonly Group[], key: string): string {
  const group = groups.find((g) => g.key === key);
  return groupName(t, group ?? { key, label: null });
}
