import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const productionSecrets = {
  SESSION_SECRET: 'a'.repeat(40),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  LOOKUP_HASH_KEY: 'b'.repeat(40),
  PUBLIC_URL: 'https://samvirke.example.no',
  IDPORTEN_ISSUER: 'https://test.idporten.no',
  IDPORTEN_CLIENT_ID: 'samvirke',
  IDPORTEN_CLIENT_SECRET: 'c'.repeat(32),
  SMTP_HOST: 'smtp.example.no',
  SMTP_FROM: 'ikke-svar@samvirke.example.no',
  SMS_GATEWAY_URL: 'https://sms.example.no/send',
};

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

describe('configuration', () => {
  it('has working defaults outside production', () => {
    const config = loadConfig({ APP_MODE: 'training' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.quietHours).toBe('22-07');
    expect(config.notifyBatchSeconds).toBe(300);
    expect(config.devToolsEnabled).toBe(true);
  });

  it('refuses PORT=abc with a one-line reason naming the setting', () => {
    const message = errorOf({ APP_MODE: 'training', PORT: 'abc' });
    expect(message).toMatch(/^Invalid setting PORT: /);
    expect(message).not.toContain('\n');
  });

  it('refuses APP_MODE=prod with a one-line reason listing the modes', () => {
    const message = errorOf({ APP_MODE: 'prod' });
    expect(message).toMatch(
      /^Invalid setting APP_MODE: must be one of development, training, test, production/,
    );
    expect(message).not.toContain('\n');
  });

  it('requires APP_MODE, so no deployment runs with demo tools by accident', () => {
    expect(errorOf({})).toMatch(/APP_MODE/);
  });

  it('refuses a malformed DATABASE_URL without echoing it', () => {
    const message = errorOf({ APP_MODE: 'test', DATABASE_URL: 'mysql://user:secretpw@host/db' });
    expect(message).toMatch(/^Invalid setting DATABASE_URL/);
    expect(message).not.toContain('secretpw');
  });

  it('EVENTS_HEARTBEAT_SECONDS: 20 by default, fractions for tests, nonsense refused', () => {
    expect(loadConfig({ APP_MODE: 'test' }).eventsHeartbeatSeconds).toBe(20);
    expect(
      loadConfig({ APP_MODE: 'test', EVENTS_HEARTBEAT_SECONDS: '0.1' }).eventsHeartbeatSeconds,
    ).toBe(0.1);
    expect(errorOf({ APP_MODE: 'test', EVENTS_HEARTBEAT_SECONDS: '0' })).toMatch(
      /EVENTS_HEARTBEAT_SECONDS/,
    );
    expect(errorOf({ APP_MODE: 'test', EVENTS_HEARTBEAT_SECONDS: 'often' })).toMatch(
      /EVENTS_HEARTBEAT_SECONDS/,
    );
  });

  it('accepts an empty QUIET_HOURS (no quiet hours) and refuses nonsense', () => {
    expect(loadConfig({ APP_MODE: 'test', QUIET_HOURS: '' }).quietHours).toBe('');
    expect(errorOf({ APP_MODE: 'test', QUIET_HOURS: 'night' })).toMatch(/QUIET_HOURS/);
  });

  it('refuses to start production without each secret, naming it', () => {
    for (const name of [
      'SESSION_SECRET',
      'DATA_ENCRYPTION_KEY',
      'LOOKUP_HASH_KEY',
      'PUBLIC_URL',
      'IDPORTEN_ISSUER',
      'IDPORTEN_CLIENT_ID',
      'SMTP_HOST',
      'SMTP_FROM',
      'SMS_GATEWAY_URL',
    ]) {
      const env: Record<string, string> = { APP_MODE: 'production', ...productionSecrets };
      delete env[name];
      expect(errorOf(env)).toBe(`Missing setting ${name}: required in production`);
    }
  });

  it('refuses demo secrets in production', () => {
    const demo = loadConfig({ APP_MODE: 'training' }).secrets;
    const message = errorOf({
      APP_MODE: 'production',
      ...productionSecrets,
      SESSION_SECRET: demo.sessionSecret,
    });
    expect(message).toBe(
      'Refused setting SESSION_SECRET: a demo value cannot be used in production',
    );
    const key = errorOf({
      APP_MODE: 'production',
      ...productionSecrets,
      DATA_ENCRYPTION_KEY: demo.dataEncryptionKey,
    });
    expect(key).toMatch(/^Refused setting DATA_ENCRYPTION_KEY/);
  });

  it('starts production with real secrets and no dev tools', () => {
    const config = loadConfig({ APP_MODE: 'production', ...productionSecrets });
    expect(config.devToolsEnabled).toBe(false);
    expect(config.secrets.sessionSecret).toBe(productionSecrets.SESSION_SECRET);
  });
});
