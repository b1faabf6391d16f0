import type { CafeInsight } from '../../../shared/domain/cafe.ts';
import { notFound, refuse } from '../../errors.ts';
import type { Actor } from '../../core/identity.ts';
import type { Ctx } from './context.ts';
import type { CafeCore } from './core.ts';
import * as store from './store.ts';

/** The harvest: the insights a facilitator draws from the tablecloths, each naming its tables. */
export class CafeHarvest {
  constructor(private readonly core: CafeCore) {}

  async addInsight(
    actor: Actor,
    p: { id: string; activityId: string; text: string; sourceTableIds: string[] },
  ): Promise<CafeInsight> {
    let added: CafeInsight | undefined;
    await this.core.change(actor, p.activityId, async (tx, c, fx) => {
      checkSources(c, p.sourceTableIds);
      added =
        (await store.insertInsight(tx, p)) ??
        (await store.insights(tx, p.activityId)).find((i) => i.id === p.id);
      if (!added) throw refuse('INSIGHT_ID_TAKEN');
      fx.changed = true;
    });
    return added!;
  }

  async editInsight(
    actor: Actor,
    id: string,
    patch: {
      text?: string | undefined;
      sourceTableIds?: string[] | undefined;
      position?: number | undefined;
    },
  ): Promise<CafeInsight> {
    const row = await store.findInsight(this.core.db, id);
    if (!row || row.removed_at) throw notFound('insight');
    let edited: CafeInsight | undefined;
    await this.core.change(actor, row.activity_id, async (tx, c, fx) => {
      if (patch.sourceTableIds) checkSources(c, patch.sourceTableIds);
      edited = await store.updateInsight(tx, id, {
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        ...(patch.sourceTableIds !== undefined ? { sourceTableIds: patch.sourceTableIds } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
      });
      fx.changed = true;
    });
    return edited!;
  }

  async removeInsight(actor: Actor, id: string): Promise<{ id: string }> {
    const row = await store.findInsight(this.core.db, id);
    if (!row) throw notFound('insight');
    await this.core.change(actor, row.activity_id, async (tx, _c, fx) => {
      await store.removeInsight(tx, id);
      fx.changed = true;
    });
    return { id };
  }
}

function checkSources(c: Ctx, ids: readonly string[]) {
  for (const id of ids) if (!c.tables.some((t) => t.id === id)) throw notFound('table');
}
