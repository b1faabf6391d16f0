import type { Subscriber } from '../../core/events.ts';
import type { FeatureModule } from '../../core/module.ts';
import type { ErasureEvents } from '../records/erasure.ts';
import { cafeHandlers, cafeRoles } from './handlers.ts';
import { CafeService, type CafeDeps } from './service.ts';

/** The World Café: tables, rounds, seating, tablecloths and the harvest. */
export function cafeFeature(deps: CafeDeps & { heard: Subscriber<ErasureEvents> }) {
  const { heard, ...serviceDeps } = deps;
  const cafe = new CafeService(serviceDeps);
  // Someone erased leaves their seats: the cafés they sat in re-seat and re-check who may write.
  heard.on('participant.erased', async ({ workshopId, cafes }) => {
    for (const activityId of cafes) await cafe.peopleLeft(workshopId, activityId);
  });
  const module: FeatureModule = {
    name: 'cafe',
    commands: { handlers: cafeHandlers(cafe), roles: cafeRoles },
    documents: [
      {
        prefix: 'cafe:',
        policy: (who, docName) => cafe.docAccess(who, docName),
        hooks: {
          acceptPeerUpdate: (name, doc, update) => cafe.acceptPeerUpdate(name, doc, update),
          afterPeerUpdate: (name, doc) => cafe.afterPeerUpdate(name, doc),
        },
      },
    ],
    start: () => cafe.start(),
    stop: () => cafe.stop(),
  };
  return { cafe, module };
}
