import type { ReplyOf, RouteDef } from '../../shared/http/route.ts';
import { call, type CallArgs } from './api.ts';
import { useLoad, type Loaded } from './useLoad.ts';

export type { Loaded } from './useLoad.ts';

/**
 * Reads a route and keeps its answer; null args read nothing yet. A newer request's answer always
 * wins over an older one that arrives late (typing in a search box sends several). A new
 * `refreshKey` reads the same route again.
 */
export function useCall<const D extends RouteDef>(
  def: D,
  args: CallArgs<D> | null,
  refreshKey?: unknown,
): Loaded<ReplyOf<D>> {
  // The request as a value: a new object with the same content is the same request.
  const key = args === null ? null : JSON.stringify(args);
  return useLoad(
    () =>
      key === null
        ? null
        : (call as (d: D, a: CallArgs<D>) => Promise<ReplyOf<D>>)(
            def,
            JSON.parse(key) as CallArgs<D>,
          ),
    // refreshKey is not read: a new one only asks the same request again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [def, key, refreshKey],
  );
}
