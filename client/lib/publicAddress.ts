import { joinApi } from '../../shared/http/joinRoutes.ts';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { type PublicAddress } from '../../shared/protocol/rest.ts';
import { call } from './api.ts';

// The server's answer is the same for every page of a visit: asked once, kept here, and every
// component that shows the address reads it from here.
let pending: Promise<PublicAddress> | null = null;
let known: PublicAddress | null = null;
const listeners = new Set<() => void>();

/** Until the server answers (or if it cannot), the page's own address is the best guess. */
function fallback(): PublicAddress {
  return { url: window.location.origin, source: 'request', loopback: false };
}

function load(): Promise<PublicAddress> {
  pending ??= call(joinApi.publicAddress).then(
    (address) => {
      known = address;
      for (const listener of [...listeners]) listener();
      return address;
    },
    () => {
      // Asked again by the next component that shows the address.
      pending = null;
      return fallback();
    },
  );
  return pending;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * The address phones are given in join links, QR codes and shared links: the server decides it
 * (PUBLIC_URL, or this machine's network address when the page was opened on localhost), so a
 * facilitator on `localhost` never hands the room a link that only works on their laptop.
 */
export function usePublicAddress(): PublicAddress {
  const [guess] = useState(fallback);
  useEffect(() => {
    void load();
  }, []);
  return useSyncExternalStore(subscribe, () => known) ?? guess;
}

/** `https://host:port/path` without the scheme, as people type it. */
export function withoutScheme(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '');
}
