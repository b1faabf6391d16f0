import { workshopApi } from '../../../shared/http/workshopRoutes.ts';
import { handle, type RouteBinding } from '../../core/http.ts';
import type { WorkshopService } from './service.ts';

/** Planning a workshop: facilitators only. Live control goes over the socket. */
export function workshopRoutes(workshops: WorkshopService): RouteBinding[] {
  return [
    handle(workshopApi.list, () => workshops.list()),
    handle(workshopApi.create, (ctx) => workshops.create(ctx.facilitator.id, ctx.body)),
    handle(workshopApi.get, (ctx) => workshops.getForEditing(ctx.params.id)),
    handle(workshopApi.update, (ctx) => workshops.update(ctx.params.id, ctx.body)),
    handle(workshopApi.replaceAgenda, (ctx) =>
      workshops.replaceAgenda(ctx.params.id, ctx.body.activities),
    ),
  ];
}
