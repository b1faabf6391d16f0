import type { FeatureModule } from '../../core/module.ts';
import { cafeHandlers, cafeRoles } from './handlers.ts';
import { cafePersonalData } from './personalData.ts';
import { CafeService, type CafeDeps } from './service.ts';

/** The World Café: tables, rounds, seating, tablecloths and the harvest. */
export function cafeFeature(deps: CafeDeps) {
  const cafe = new CafeService(deps);
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
  return { cafe, module, personalData: cafePersonalData(cafe) };
}
