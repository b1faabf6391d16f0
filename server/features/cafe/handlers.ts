import type { cafeCommands } from '../../../shared/protocol/cafe.ts';
import type { CommandHandlers, CommandRoles } from '../../core/commands.ts';
import { actorOf, type Caller } from '../../core/identity.ts';
import type { CafeService } from './service.ts';

type CafeHandlers = CommandHandlers<keyof typeof cafeCommands>;

function viewerOf(data: Caller) {
  return data.role === 'screen'
    ? ({ role: 'screen', workshopId: data.workshopId } as const)
    : actorOf(data);
}

/** Roles are checked by the permission map; the service checks them again for its own rules. */
export function cafeHandlers(cafe: CafeService): CafeHandlers {
  return {
    'cafe:get': ({ data }, p) => cafe.get(viewerOf(data), p.activityId),
    'cafe:tables': ({ data }, p) => cafe.setTables(actorOf(data), p.activityId, p.tables),
    'cafe:host': ({ data }, p) =>
      cafe.setHost(actorOf(data), p.activityId, p.tableId, p.participantId),
    'cafe:hostVolunteers': ({ data }, p) => cafe.hostVolunteers(actorOf(data), p.activityId),
    'cafe:volunteer': ({ data }, p) =>
      cafe.setPerson(actorOf(data), p.activityId, { volunteer: p.volunteer }),
    'cafe:attend': ({ data }, p) =>
      cafe.setPerson(actorOf(data), p.activityId, { remote: p.remote }),
    'cafe:start': ({ data }, p) => cafe.startCafe(actorOf(data), p.activityId),
    'cafe:pause': ({ data }, p) => cafe.pause(actorOf(data), p.activityId),
    'cafe:resume': ({ data }, p) => cafe.resume(actorOf(data), p.activityId),
    'cafe:adjust': ({ data }, p) => cafe.adjust(actorOf(data), p.activityId, p.seconds),
    'cafe:advance': ({ data }, p) => cafe.advance(actorOf(data), p.activityId),
    'cafe:move': ({ data }, p) =>
      cafe.move(actorOf(data), p.activityId, p.participantId, p.tableId),
    'cafe:share': ({ data }, p) => cafe.share(actorOf(data), p.activityId, p.notesShared),
    'cafe:tablecloths': async ({ data }, p) => ({
      tablecloths: await cafe.tablecloths(viewerOf(data), p.activityId, p.tableId),
    }),
    'cafe:snapshots': async ({ data }, p) => ({
      snapshots: await cafe.snapshots(actorOf(data), p.activityId, p.tableId, p.round),
    }),
    'cafe:restore': async ({ data }, p) => ({
      snapshot: await cafe.restore(actorOf(data), p.activityId, p.snapshotId),
    }),
    'cafe:insight:add': ({ data }, p) => cafe.addInsight(actorOf(data), p),
    'cafe:insight:edit': ({ data }, p) => cafe.editInsight(actorOf(data), p.id, p),
    'cafe:insight:remove': ({ data }, p) => cafe.removeInsight(actorOf(data), p.id),
  };
}

/** Who may send each command; the service checks its own finer rules again. */
export const cafeRoles: CommandRoles<keyof typeof cafeCommands> = {
  'cafe:get': ['participant', 'facilitator', 'screen'],
  'cafe:tables': ['facilitator'],
  'cafe:host': ['facilitator'],
  'cafe:hostVolunteers': ['facilitator'],
  'cafe:volunteer': ['participant'],
  'cafe:attend': ['participant'],
  'cafe:start': ['facilitator'],
  'cafe:pause': ['facilitator'],
  'cafe:resume': ['facilitator'],
  'cafe:adjust': ['facilitator'],
  'cafe:advance': ['facilitator'],
  'cafe:move': ['facilitator'],
  'cafe:share': ['facilitator'],
  // Who may read which tablecloth is decided by the service (host, harvest, shared notes).
  'cafe:tablecloths': ['participant', 'facilitator', 'screen'],
  'cafe:snapshots': ['facilitator'],
  'cafe:restore': ['facilitator'],
  'cafe:insight:add': ['facilitator'],
  'cafe:insight:edit': ['facilitator'],
  'cafe:insight:remove': ['facilitator'],
};
