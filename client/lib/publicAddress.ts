import { joinApi } from '../../shared/http/joinRoutes.ts';
import { useState } from 'react';
import { type PublicAddress } from '../../shared/protocol/rest.ts';
import { call } from './api.ts';
import { useLoad } from './useLoad.ts';

let pending: Promise<PublicAddress> | null = null;

/** Until the server answers (or if it cannot), the page's own address is the best guess. */
function fallback(): PublicAddress {
  return { url: window.location.origin, source: 'request', loopback: false };
}

function load(): Promise<PublicAddress> {
  pending ??= call(joinApi.publicAddress).catch(() => {
    pending = null;
    return fallback();
  });
  return pending;
}

/**
 * The address phones are given in join links, QR codes and shared links: the server decides it
 * (PUBLIC_URL, or this machine's network address when the page was opened on localhost), so a
 * facilitator on `localhost` never hands the room a link that only works on their laptop.
 */
export function usePublicAddress(): PublicAddress {
  const [guess] = useState(fallback);
  return useLoad(load, []).data ?? guess;
}

/** `https://host:port/path` without the scheme, as people type it. */
export function withoutScheme(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '');
}
