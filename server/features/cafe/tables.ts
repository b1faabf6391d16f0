import type { CafeTableInput } from '../../../shared/domain/cafe.ts';
import type { CafeView } from '../../../shared/protocol/cafe.ts';
import { notFound, refuse } from '../../errors.ts';
import type { Actor } from '../../core/identity.ts';
import type { CafeCore } from './core.ts';
import * as store from './store.ts';

/**
 * The tables as the facilitator lays them out: the list sent is the whole layout, in order. A
 * table may be renamed at any time, but removed only before the café starts.
 */
export async function setTables(
  core: CafeCore,
  actor: Actor,
  activityId: string,
  tables: CafeTableInput[],
): Promise<CafeView> {
  return core.change(actor, activityId, async (tx, c, fx) => {
    const ids = new Set(c.tables.map((t) => t.id));
    const keep: string[] = [];
    const numbers = new Set<number>();
    for (const [position, t] of tables.entries()) {
      if (numbers.has(t.number)) {
        throw refuse('TABLE_NUMBER_TWICE', { number: t.number });
      }
      numbers.add(t.number);
      if (t.id && !ids.has(t.id)) throw notFound('table');
      const id = t.id ?? crypto.randomUUID();
      keep.push(id);
      await store.upsertTable(
        tx,
        activityId,
        id,
        {
          number: t.number,
          name: t.name,
          colour: t.colour,
          place: t.place ?? '',
          question: t.question ?? '',
          online: t.online ?? false,
        },
        position,
      );
    }
    const removed = c.tables.filter((t) => !keep.includes(t.id));
    if (removed.length > 0) {
      if (c.cafe.phase !== 'setup') {
        throw refuse('TABLES_FIXED_ONCE_STARTED');
      }
      await store.deleteTablesExcept(tx, activityId, keep);
    }
    fx.changed = true;
  });
}
