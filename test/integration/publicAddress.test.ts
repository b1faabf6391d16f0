import { request } from 'node:http';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicAddress } from '../../shared/protocol/rest.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { createOpenWorkshop, setUpFacilitator } from '../helpers/clients.ts';

// Requests go to 127.0.0.1 only; the Host header says what the browser's address bar said.
function get(port: number, host: string, path: string, cookie = '', method = 'GET') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: {
          host,
          ...(cookie ? { cookie } : {}),
          ...(method === 'POST'
            ? { 'content-type': 'application/json', origin: `http://${host}` }
            : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

const LAN = '192.168.1.20';

describe('[HALL1] join links phones can open, when the console is opened at localhost', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    // Listening on every interface, as `npm start` does, with a known network address; nothing
    // is sent to that address, it only has to appear in the links.
    t = await startApp(
      'pglite',
      { HOST: '0.0.0.0', SETUP_TOKEN: 'a-set-up-token-for-tests' },
      {
        lanAddresses: () => [LAN],
      },
    );
    port = Number(new URL(t.url).port);
  });
  afterAll(() => t.close());

  it('a loopback page gets the network address; a phone on the network keeps its own', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const res = await get(port, host, '/api/public/address');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body) as PublicAddress).toEqual({
        url: `http://${LAN}:${port}`,
        source: 'network',
        loopback: false,
      });
    }
    const phone = await get(port, `${LAN}:${port}`, '/api/public/address');
    expect(JSON.parse(phone.body)).toEqual({
      url: `http://${LAN}:${port}`,
      source: 'request',
      loopback: false,
    });
  });

  it('the QR code and an invite link made from localhost point at the network address', async () => {
    const http = await setUpFacilitator(`http://127.0.0.1:${port}`, {
      setupToken: 'a-set-up-token-for-tests',
    });
    const { code } = await createOpenWorkshop(http);

    const qr = await get(port, `localhost:${port}`, `/api/join/${code}/qr.svg`);
    expect(qr.status).toBe(200);
    const expected = await QRCode.toString(`http://${LAN}:${port}/j/${code}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    expect(qr.body).toBe(expected);
    const loopbackQr = await QRCode.toString(`http://localhost:${port}/j/${code}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    expect(qr.body).not.toBe(loopbackQr);

    const invite = await get(port, `localhost:${port}`, '/api/invites', http.cookie, 'POST');
    expect(invite.status).toBe(201);
    expect((JSON.parse(invite.body) as { url: string }).url).toMatch(
      new RegExp(`^http://${LAN.replaceAll('.', '\\.')}:${port}/invite/`),
    );
  });
});

describe('[HALL1] when no phone can reach the server, the address says so', () => {
  it('a server on 127.0.0.1 only gives its loopback address, marked as such', async () => {
    const t = await startApp('pglite', {}, { lanAddresses: () => [LAN] });
    try {
      const port = Number(new URL(t.url).port);
      const res = await get(port, `localhost:${port}`, '/api/public/address');
      expect(JSON.parse(res.body)).toEqual({
        url: `http://localhost:${port}`,
        source: 'request',
        loopback: true,
      });
    } finally {
      await t.close();
    }
  });

  it('PUBLIC_URL wins over every guess', async () => {
    const t = await startApp(
      'pglite',
      {
        HOST: '0.0.0.0',
        PUBLIC_URL: 'https://roundtable.example.org/',
        SETUP_TOKEN: 'x'.repeat(20),
      },
      { lanAddresses: () => [LAN] },
    );
    try {
      const port = Number(new URL(t.url).port);
      const res = await get(port, `localhost:${port}`, '/api/public/address');
      expect(JSON.parse(res.body)).toEqual({
        url: 'https://roundtable.example.org',
        source: 'setting',
        loopback: false,
      });
    } finally {
      await t.close();
    }
  });
});
