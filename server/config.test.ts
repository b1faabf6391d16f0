import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, unknownSettings } from './config.ts';

describe('settings', () => {
  it('[CONF1] defaults give the embedded database in ./data on port 3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './data',
      databaseUrl: undefined,
      secureCookies: false,
    });
  });

  it('[CONF2] a bad value stops start-up with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: must start with postgres/,
    );
    expect(() => loadConfig({ SETUP_TOKEN: 'short' })).toThrow(/SETUP_TOKEN/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('[SCALE1] several nodes (REDIS_URL) need one PostgreSQL server: without DATABASE_URL, start-up stops', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      /REDIS_URL: several nodes need one PostgreSQL server; set DATABASE_URL too/,
    );
    expect(() => loadConfig({ REDIS_URL: 'http://x', DATABASE_URL: 'postgres://x/y' })).toThrow(
      /REDIS_URL: must start with redis/,
    );
    expect(
      loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://x/y' }).redisUrl,
    ).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({}).redisUrl).toBeUndefined();
  });

  it('[CONF3] an https PUBLIC_URL turns on secure cookies; TRUST_PROXY takes hops or lists', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://rt.example.org/' })).toMatchObject({
      publicUrl: 'https://rt.example.org',
      secureCookies: true,
    });
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });

  it('[CONF2] a misspelt setting name is reported, the rest of the environment is not', () => {
    expect(
      unknownSettings({
        DATABSE_URL: 'x',
        LOGLEVEL: 'debug',
        PATH: '/bin',
        HOME: '/root',
        PORT: '1',
      }),
    ).toEqual(['DATABSE_URL', 'LOGLEVEL']);
  });
});
