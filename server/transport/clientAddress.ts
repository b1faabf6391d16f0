import express from 'express';

type Trust = (address: string, hop: number) => boolean;

/**
 * The caller's address as Express's `req.ip` finds it (TRUST_PROXY), for connections that do not
 * pass through Express (the Socket.IO handshake). Walks back from the connection's own address
 * through `X-Forwarded-For`, right to left, while the hop is a trusted proxy: the first untrusted
 * address is the client. Taking the leftmost entry instead would let a client behind one trusted
 * proxy name any address it likes, and reset its own join-guess count with it.
 */
export function clientAddressResolver(trustProxy: boolean | number | string) {
  // Express's own compiled rule (hop counts, address lists, subnets, "loopback"), so both agree.
  const trust = express().set('trust proxy', trustProxy).get('trust proxy fn') as Trust;
  return (remote: string, forwarded: string | string[] | undefined): string => {
    const header = Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '');
    const chain = [
      remote,
      ...header
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '')
        .reverse(),
    ];
    for (let hop = 0; hop < chain.length - 1; hop++) {
      if (!trust(chain[hop]!, hop)) return chain[hop]!;
    }
    return chain[chain.length - 1]!;
  };
}
