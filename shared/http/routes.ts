import { accountApi } from './accountRoutes.ts';
import { authApi } from './authRoutes.ts';
import { metaApi } from './metaRoutes.ts';
import { boardApi } from './boardRoutes.ts';
import { feedbackApi } from './feedbackRoutes.ts';
import { joinApi } from './joinRoutes.ts';
import { reachApi } from './reachRoutes.ts';
import { recordApi } from './recordRoutes.ts';
import type { RouteDef } from './route.ts';
import { workshopApi } from './workshopRoutes.ts';

/**
 * Every REST route, by feature. The server mounts these and only these; the OpenAPI document
 * lists these; the access test walks these.
 */
export const api = {
  auth: authApi,
  accounts: accountApi,
  meta: metaApi,
  workshops: workshopApi,
  join: joinApi,
  board: boardApi,
  records: recordApi,
  feedback: feedbackApi,
  reach: reachApi,
} satisfies Record<string, Record<string, RouteDef>>;

/** `records.list`, `auth.login`, …: a stable name for each route, for tests and operation ids. */
export function allRoutes(): { name: string; def: RouteDef }[] {
  return Object.entries(api).flatMap(([feature, defs]) =>
    Object.entries(defs).map(([name, def]) => ({
      name: `${feature}.${name}`,
      def: def as RouteDef,
    })),
  );
}
