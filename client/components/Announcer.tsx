import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => undefined);

/** Long enough for a screen reader to notice the region emptied before the new text arrives. */
const CLEAR_MS = 50;

/**
 * One polite live region for the whole app, mounted at start and never replaced. A region that is
 * inserted together with its text is often not read (the reveal, a café talk starting, the
 * workshop closing all change the screen around it), so announcements are set into this one
 * after it is in the page (A11Y-SAY1). It is emptied first, so the same sentence twice is heard
 * twice.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const announce = useCallback<Announce>((next) => {
    clearTimeout(timer.current);
    setMessage('');
    timer.current = setTimeout(() => setMessage(next), CLEAR_MS);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div
        role="status"
        aria-live="polite"
        aria-atomic="true"
        className="visually-hidden"
        data-testid="announcer"
      >
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

/** Says `message` politely through the app's one announcer. */
export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
