import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Request } from 'express';
import type { PublicAddress } from '../../../shared/protocol/rest.ts';

/** True for names and addresses that only ever reach the machine they are typed on. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === '::1' ||
    h === '0.0.0.0' ||
    (isIPv4(h) && h.startsWith('127.'))
  );
}

/**
 * This machine's IPv4 addresses that other machines may reach, private ranges first: a laptop
 * on a venue's Wi-Fi is reached by phones through its 192.168/10/172.16 address, not through a
 * VPN's or a public one.
 */
export function lanAddresses(): string[] {
  const all = Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i && i.family === 'IPv4' && !i.internal ? [i.address] : []));
  return [...all.filter(isPrivateIPv4), ...all.filter((a) => !isPrivateIPv4(a))];
}

function isPrivateIPv4(a: string): boolean {
  const [x = 0, y = 0] = a.split('.').map(Number);
  return x === 10 || (x === 192 && y === 168) || (x === 172 && y >= 16 && y <= 31);
}

export type PublicAddressOptions = {
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string | undefined;
  /** HOST: the interface the server listens on. */
  listenHost: string;
  lanAddresses: () => string[];
};

/**
 * The address to give phones for a request. A facilitator who opened `http://localhost:3000`
 * must still get join links and QR codes that phones can open, so a loopback request address is
 * swapped for this machine's network address when the server listens on every interface.
 */
export function publicAddressResolver(opts: PublicAddressOptions): (req: Request) => PublicAddress {
  const listensEverywhere = ['0.0.0.0', '::', ''].includes(opts.listenHost);
  return (req) => {
    if (opts.publicUrl) {
      return {
        url: opts.publicUrl,
        source: 'setting',
        loopback: isLoopbackHostname(new URL(opts.publicUrl).hostname),
      };
    }
    const requestUrl = requestOrigin(req);
    const { hostname, port } = new URL(requestUrl);
    if (!isLoopbackHostname(hostname))
      return { url: requestUrl, source: 'request', loopback: false };
    const lan = listensEverywhere ? opts.lanAddresses()[0] : undefined;
    if (lan === undefined) return { url: requestUrl, source: 'request', loopback: true };
    return {
      url: `${req.protocol}://${lan}${port ? `:${port}` : ''}`,
      source: 'network',
      loopback: false,
    };
  };
}

function requestOrigin(req: Request): string {
  const fallback = 'http://localhost';
  try {
    // A Host header is the client's to write: keep only what a URL's host may hold.
    return new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}`).origin;
  } catch {
    return fallback;
  }
}
