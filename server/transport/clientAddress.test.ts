import { describe, expect, it } from 'vitest';
import { clientAddressResolver } from './clientAddress.ts';

describe('the caller of a socket, behind proxies (SEC4)', () => {
  it('without a trusted proxy, the connection itself, whatever the header says', () => {
    const address = clientAddressResolver(false);
    expect(address('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
  });

  it('behind one trusted proxy, the address that proxy saw, not one the client wrote first', () => {
    const address = clientAddressResolver(1);
    // The client sent "X-Forwarded-For: 10.9.9.9"; the proxy appended the real address.
    expect(address('172.18.0.5', '10.9.9.9, 198.51.100.7')).toBe('198.51.100.7');
    expect(address('172.18.0.5', '198.51.100.7')).toBe('198.51.100.7');
    expect(address('172.18.0.5', undefined)).toBe('172.18.0.5');
  });

  it('behind two trusted hops, the address the outer one saw', () => {
    const address = clientAddressResolver(2);
    expect(address('172.18.0.5', '10.9.9.9, 198.51.100.7, 172.18.0.2')).toBe('198.51.100.7');
  });

  it('trusting named addresses, as Express does', () => {
    const address = clientAddressResolver('loopback');
    expect(address('127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    expect(address('203.0.113.9', '198.51.100.7')).toBe('203.0.113.9');
  });
});
