import { reachApi } from '../../../shared/http/reachRoutes.ts';
import { handle, type RouteBinding } from '../../core/http.ts';
import type { Erasure } from '../records/erasure.ts';
import type { ReachService } from './service.ts';

/**
 * Reach monitoring (REC12, REC13) and data protection (REC14). The "about you" answers come from
 * a phone; everything else is for facilitators. No endpoint returns an answer row, or anything
 * that ties answers to a participant.
 */
export function reachRoutes(deps: { reach: ReachService; erasure: Erasure }): RouteBinding[] {
  return [
    handle(reachApi.aboutYou, async (ctx) => {
      await deps.reach.aboutYou(ctx.participant.participant, ctx.body);
      return undefined;
    }),
    handle(reachApi.workshopReach, (ctx) => deps.reach.forWorkshop(ctx.params.id)),
    handle(reachApi.recordReach, (ctx) => deps.reach.forRecord(ctx.params.id)),
    handle(reachApi.profile, () => deps.reach.profile()),
    handle(reachApi.setProfile, (ctx) => deps.reach.setProfile(ctx.facilitator.id, ctx.body.rows)),
    handle(reachApi.contributors, (ctx) => deps.erasure.contributors(ctx.params.id)),
    handle(reachApi.erase, (ctx) =>
      deps.erasure.erase(ctx.facilitator.id, ctx.params.id, ctx.params.participantId),
    ),
    handle(reachApi.audit, (ctx) => deps.reach.audit(ctx.params.id)),
  ];
}
