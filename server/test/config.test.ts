import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('host configuration', () => {
  it('runs on an SQLite file under DATA_DIR with the demo when nothing is set', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/evs-config' });
    expect(config).toMatchObject({ databaseUrl: null, sqliteFile: path.join('/tmp/evs-config', 'evoucher.sqlite'), port: 8080, demoData: true });
  });

  it('listens on loopback unless HOST says otherwise, and logs requests at debug level in the demo', () => {
    expect(loadConfig({})).toMatchObject({ host: 'localhost', requestLogLevel: 'debug' });
    expect(loadConfig({ HOST: '0.0.0.0', DEMO_DATA: '0' })).toMatchObject({ host: '0.0.0.0', requestLogLevel: 'info' });
  });

  it('uses PostgreSQL for a postgres URL and leaves the demo out with DEMO_DATA=0', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', DEMO_DATA: '0', PORT: '9090' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/test', demoData: false, port: 9090 });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL instead of silently using SQLite', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1/test' })).toThrow();
  });
});
