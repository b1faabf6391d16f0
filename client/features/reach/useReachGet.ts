import { useCallback, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import type { Cell } from '../../../shared/protocol/reach.ts';
import { api, asProblem, type ProblemBody } from '../../lib/api.ts';

/** GETs `path` and keeps the answer; a new `refreshKey` fetches again. */
export function useReachGet<T>(path: string, refreshKey?: unknown) {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setProblem(null);
    api<T>('GET', path).then(
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
  }, [path, attempt, refreshKey]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, problem, reload };
}

/** A published number in words: the count, "fewer than 5", or "hidden". */
export function cellText(t: TFunction<'reach'>, cell: Cell): string {
  if (cell.kind === 'count') return String(cell.value);
  return cell.kind === 'fewer' ? t('report.fewer') : t('report.hidden');
}
