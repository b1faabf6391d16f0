import { sessionApi } from '../../../shared/http/sessionRoutes.ts';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Facilitator } from '../../../shared/protocol/rest.ts';
import { call, ApiError, asProblem, type ProblemBody } from '../../lib/api.ts';

export type Session =
  | { status: 'unknown' }
  | { status: 'signedOut' }
  | { status: 'failed'; problem: ProblemBody }
  | { status: 'signedIn'; facilitator: Facilitator };

type SessionApi = {
  session: Session;
  /** Asks the server who is signed in (the cookie is httpOnly, so only it knows). */
  refresh: () => Promise<void>;
  signedIn: (facilitator: Facilitator) => void;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'unknown' });

  const refresh = useCallback(async () => {
    try {
      const facilitator = await call(sessionApi.me);
      setSession({ status: 'signedIn', facilitator });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setSession({ status: 'signedOut' });
      else setSession({ status: 'failed', problem: asProblem(err) });
    }
  }, []);

  const signedIn = useCallback((facilitator: Facilitator) => {
    setSession({ status: 'signedIn', facilitator });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call(sessionApi.logout);
    } finally {
      // Even if the request failed, this tab should stop acting as signed in.
      setSession({ status: 'signedOut' });
    }
  }, []);

  const value = useMemo(
    () => ({ session, refresh, signedIn, signOut }),
    [session, refresh, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
