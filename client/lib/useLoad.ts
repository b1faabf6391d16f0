import {
  useCallback,
  useEffect,
  useState,
  type DependencyList,
  type Dispatch,
  type SetStateAction,
} from 'react';
import { asProblem, type ProblemBody } from './api.ts';

export type Loaded<T> = {
  data: T | null;
  problem: ProblemBody | null;
  reload: () => void;
  /** For a page that changes what it read (a saved answer, an added ballot) without reading again. */
  setData: Dispatch<SetStateAction<T | null>>;
};

/**
 * The one place a component waits for an answer: runs `load` when `deps` change or reload() is
 * called and keeps what it answered. An answer to an older run that arrives late is dropped, so
 * a newer request always wins (typing in a search box sends several, and a component may be gone
 * by the time its answer comes). `load` returning null reads nothing yet. A failure keeps the last
 * answer; the problem is cleared when the next run starts, so a retry shows as loading.
 */
export function useLoad<T>(load: () => Promise<T> | null, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const pending = load();
    if (pending === null) return;
    let live = true;
    setProblem(null);
    pending.then(
      (value) => {
        if (live) setData(() => value);
      },
      (err: unknown) => {
        if (live) setProblem(asProblem(err));
      },
    );
    return () => {
      live = false;
    };
    // The caller's deps decide when to read again (checked by the lint's additionalHooks).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, problem, reload, setData };
}
