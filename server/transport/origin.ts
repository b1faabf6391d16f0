import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who may change state with a facilitator's cookie: pages of this server's own origin only.
 * SameSite=Lax keeps other sites' pages out, but not another origin of the same site (another
 * port of the same host, another app on the council's intranet domain), whose requests carry the
 * cookie. Used by REST writes and by both WebSocket upgrades (Socket.IO and Yjs). (SEC7)
 */
export type OriginCheck = (headers: IncomingHttpHeaders) => boolean;

export function originCheck(opts: {
  /** PUBLIC_URL: the origin people use when a reverse proxy stands in front. */
  publicUrl?: string | undefined;
  /** With a trusted proxy, the host it forwarded (X-Forwarded-Host) is ours too. */
  trustProxy?: boolean | number | string;
}): OriginCheck {
  const publicOrigin = opts.publicUrl ? originOf(opts.publicUrl) : undefined;
  const trustForwarded = opts.trustProxy !== undefined && opts.trustProxy !== false;
  return (headers) => {
    // Fetch Metadata first: the browser computes it against the page's own origin and no page
    // can set it, so it stays right behind proxies that rewrite Host. Only 'same-origin' may
    // write; 'same-site' is exactly the intranet page on another port.
    const site = headerValue(headers['sec-fetch-site']);
    if (site !== undefined) return site === 'same-origin';
    // Older browsers: Origin, compared with the origins this server answers on.
    const origin = headerValue(headers.origin);
    // Scripted clients send neither header; they have to present a token or cookie anyway.
    if (origin === undefined) return true;
    if (origin === 'null') return false;
    if (publicOrigin !== undefined && originOf(origin) === publicOrigin) return true;
    const host = hostOf(origin);
    if (host === undefined) return false;
    if (host === headerValue(headers.host)?.toLowerCase()) return true;
    const forwarded = trustForwarded
      ? headerValue(headers['x-forwarded-host'])?.split(',')[0]?.trim().toLowerCase()
      : undefined;
    return forwarded !== undefined && host === forwarded;
  };
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}
