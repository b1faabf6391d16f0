import type { TFunction } from '../../i18n/translator.ts';
import type { CafeTable, TableColour } from '../../../shared/domain/cafe.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import { groupNameByKey } from '../../lib/groups.ts';
import { useCafeConsoleT } from './useConsoleCafe.ts';

/** A round spot of the table's colour. Decoration: the colour's name is always written beside it. */
export function ColourSwatch({ colour }: { colour: TableColour }) {
  return <span className={`cafe-swatch cafe-swatch-${colour}`} aria-hidden="true" />;
}

/** "Table 3: By the window", or just the name when it says no more than the number. */
export function tableTitle(t: TFunction, table: Pick<CafeTable, 'number' | 'name'>): string {
  const name = table.name.trim();
  const plain = [t('setup.defaultName', { n: table.number }), `Table ${table.number}`];
  if (name === '' || plain.includes(name)) return t('setup.defaultName', { n: table.number });
  return t('tableTitle', { number: table.number, name });
}

/** A table as people find it: colour spot, number and name, and the colour's name in words. */
export function TableLabel({ table }: { table: Pick<CafeTable, 'number' | 'name' | 'colour'> }) {
  const { t } = useCafeConsoleT();
  return (
    <span className="cafe-table-label">
      <ColourSwatch colour={table.colour} />
      <bdi>{tableTitle(t, table)}</bdi>{' '}
      <span className="cafe-colour-name">({t(`colour.${table.colour}`)})</span>
    </span>
  );
}

/** A person's name, or "Someone (residents)" for those who gave none. */
export function personName(
  t: TFunction,
  tc: TFunction,
  groups: readonly Group[],
  displayName: string,
  groupKey: string,
): string {
  const name = displayName.trim();
  return name !== '' ? name : t('someone', { group: groupNameByKey(tc, groups, groupKey) });
}
