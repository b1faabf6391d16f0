import { useCallback, useEffect, useState } from 'react';
import type { ReplyOf, RouteDef } from '../../shared/http/route.ts';
import { asProblem, call, type CallArgs, type ProblemBody } from './api.ts';

export type Loaded<T> = { data: T | null; problem: ProblemBody | null; reload: () => void };

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
  const [data, setData] = useState<ReplyOf<D> | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [attempt, setAttempt] = useState(0);
  // The request as a value: a new object with the same content is the same request.
  const key = args === null ? null : JSON.stringify(args);

  useEffect(() => {
    if (key === null) return;
    let live = true;
    setProblem(null);
    const parsed = JSON.parse(key) as CallArgs<D>;
    (call as (d: D, a: CallArgs<D>) => Promise<ReplyOf<D>>)(def, parsed).then(
      (value) => {
        if (live) setData(value);
      },
      (err: unknown) => {
        if (live) setProblem(asProblem(err));
      },
    );
    return () => {
      live = false;
    };
  }, [def, key, attempt, refreshKey]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, problem, reload };
}
