import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/index.ts';
import { registerProblemHandlers } from '../../src/server/http/problem.ts';
import { deliveryTransportsFrom } from '../../src/server/modules/delivery/config.ts';
import { createSmtpTransport } from '../../src/server/modules/delivery/email-smtp.ts';
import { createOutboxTransport } from '../../src/server/modules/delivery/outbox.ts';
import { devOutboxRoutes } from '../../src/server/modules/delivery/routes.ts';
import { createDelivery, type Delivery } from '../../src/server/modules/delivery/service.ts';
import { createSmsHttpTransport } from '../../src/server/modules/delivery/sms-http.ts';
import { renderTemplate } from '../../src/server/modules/delivery/templates.ts';
import type { Transport, Transports } from '../../src/server/modules/delivery/transport.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let testDb: TestDb;
let db: Db;
let orgId: string;
const logs: Record<string, unknown>[] = [];
/** A real pino logger whose JSON lines are kept for scanning (not via test/helpers/app.ts: no app needed). */
const log = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  }),
);

type Person = { id: string; username: string; mobile: string; email: string };
let ola: Person;
let kari: Person;

let seq = 0;
async function addPerson(username: string): Promise<Person> {
  seq += 1;
  const mobile = `+479${String(1000000 + seq)}`;
  const email = `${username}@example.test`;
  const [row] = await db.query<{ id: string }>(
    `insert into people (organization_id, name, username, national_id_enc, national_id_hash, mobile, email)
     values ($1, $2, $3, 'enc', $4, $5, $6) returning id`,
    [orgId, `Person ${username}`, username, `hash-${username}`, mobile, email],
  );
  if (!row) throw new Error('no person');
  return { id: row.id, username, mobile, email };
}

async function deliveryRow(id: string): Promise<Record<string, unknown>> {
  const [row] = await db.query('select * from deliveries where id = $1', [id]);
  if (!row) throw new Error('no delivery row');
  return row;
}

async function outboxCount(): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from dev_outbox');
  return row?.n ?? -1;
}

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
  const [org] = await db.query<{ id: string }>(
    `insert into organizations (name, kind) values ('Testkommune', 'municipality') returning id`,
  );
  if (!org) throw new Error('no organization');
  orgId = org.id;
  ola = await addPerson('ola.test');
  kari = await addPerson('kari.test');
});
afterAll(() => testDb.drop());
beforeEach(() => {
  logs.length = 0;
});

/** Fails the test if a log line holds any of these strings. */
function expectLogsWithout(...secrets: string[]) {
  const text = JSON.stringify(logs);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

// ---------------------------------------------------------------- SMTP

type Received = { from: string; to: string[]; raw: string };

function startSmtp(options: { rejectRcpt?: number } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!options.rejectRcpt) return callback();
      const error = Object.assign(new Error('Mailbox unavailable'), {
        responseCode: options.rejectRcpt,
      });
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  return new Promise<{ port: number; received: Received[]; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.server.address() as AddressInfo).port;
      resolve({ port, received, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/** Decodes a quoted-printable body (what nodemailer uses for non-ASCII text). */
function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function split(raw: string): { headers: string; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  return { headers: raw.slice(0, at), body: raw.slice(at + 4).replace(/\r\n$/, '') };
}

describe('e-mail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let email: Transport;
  let delivery: Delivery;
  beforeAll(async () => {
    smtp = await startSmtp();
    email = createSmtpTransport({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'ikke-svar@samvirke.test',
    });
    delivery = createDelivery({
      db,
      transports: { email, sms: createOutboxTransport(db) },
      log,
      retryDelaysMs: [1, 1, 1],
    });
  });
  afterAll(() => smtp.close());

  it('sends the template text with the generic subject and the sender name "Samvirke" (N2)', async () => {
    const result = await delivery.send({
      personId: ola.id,
      channel: 'email',
      to: ola.email,
      template: 'login-code',
      params: { code: '650193' },
      lang: 'nn',
    });
    expect(result.status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
    const message = smtp.received[0];
    if (!message) throw new Error('nothing received');
    expect(message.to).toEqual([ola.email]);
    expect(message.from).toBe('ikke-svar@samvirke.test');
    const { headers, body } = split(message.raw);
    expect(headers).toMatch(/^From: "?Samvirke"? <ikke-svar@samvirke\.test>$/m);
    expect(headers).toMatch(/^Subject: Samvirke$/m);
    expect(headers).toMatch(/^To: ola\.test@example\.test$/m);
    expect(headers).toMatch(/^Auto-Submitted: auto-generated$/m);
    const encoded = /^Content-Transfer-Encoding: quoted-printable$/m.test(headers);
    const text = encoded ? decodeQuotedPrintable(body) : body;
    expect(text).toBe(renderTemplate('login-code', 'nn', { code: '650193' }).text);

    const row = await deliveryRow(result.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, channel: 'email' });
    expect(row.sent_at).not.toBeNull();
  });

  it('refuses CR/LF, lists and display names in the address (I5), sending nothing', async () => {
    const before = smtp.received.length;
    const hostile = [
      `${ola.email}\r\nBcc: eve@example.test`,
      `${ola.email}\nBcc: eve@example.test`,
      `${ola.email}, eve@example.test`,
      `Ola <${ola.email}>`,
      `${ola.email}\u202e`,
    ];
    for (const to of hostile) {
      await expect(email.send({ channel: 'email', to, text: 'x' })).rejects.toMatchObject({
        reason: 'invalid address',
        retryable: false,
      });
      const result = await delivery.send({
        personId: ola.id,
        channel: 'email',
        to,
        template: 'contact-changed',
        params: {},
        lang: 'nb',
      });
      expect(result.status).toBe('failed');
      expect(await deliveryRow(result.id)).toMatchObject({
        last_error: 'invalid address',
        attempts: 0,
      });
    }
    expect(smtp.received.length).toBe(before);
    expectLogsWithout('eve@example.test', ola.email);
  });

  it('a permanent SMTP refusal fails at once with the reply code only', async () => {
    const refusing = await startSmtp({ rejectRcpt: 550 });
    try {
      const service = createDelivery({
        db,
        transports: {
          email: createSmtpTransport({
            host: '127.0.0.1',
            port: refusing.port,
            secure: false,
            from: 'ikke-svar@samvirke.test',
          }),
          sms: createOutboxTransport(db),
        },
        log,
        retryDelaysMs: [1, 1, 1],
      });
      const result = await service.send({
        personId: kari.id,
        channel: 'email',
        to: kari.email,
        template: 'reset-code',
        params: { code: '771204' },
        lang: 'en',
      });
      expect(result.status).toBe('failed');
      expect(await deliveryRow(result.id)).toMatchObject({ last_error: 'smtp 550', attempts: 1 });
      expect(logs).toContainEqual(
        expect.objectContaining({ deliveryId: result.id, reason: 'smtp 550', attempts: 1 }),
      );
      expectLogsWithout(kari.email, '771204', 'reset');
    } finally {
      await refusing.close();
    }
  });

  it('an unreachable server fails, without throwing', async () => {
    const closed = await startSmtp();
    await closed.close();
    const service = createDelivery({
      db,
      transports: {
        email: createSmtpTransport({
          host: '127.0.0.1',
          port: closed.port,
          secure: false,
          from: 'ikke-svar@samvirke.test',
          timeoutMs: 500,
        }),
        sms: createOutboxTransport(db),
      },
      log,
      retryDelaysMs: [1],
    });
    const result = await service.send({
      personId: null,
      channel: 'email',
      to: 'nobody@example.test',
      template: 'contact-changed',
      params: {},
      lang: 'nb',
    });
    expect(result.status).toBe('failed');
    expect(await deliveryRow(result.id)).toMatchObject({
      last_error: 'smtp unreachable',
      attempts: 2,
    });
  });
});

// ---------------------------------------------------------------- SMS gateway

type GatewayCall = { body: unknown; authorization: string | undefined; path: string | undefined };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A fake SMS gateway answering with the given statuses in turn (the last one repeats). */
async function startGateway(statuses: number[] | 'hang') {
  const calls: GatewayCall[] = [];
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    calls.push({
      body: JSON.parse(body),
      authorization: request.headers.authorization,
      path: request.url,
    });
    if (statuses === 'hang') return;
    const status = statuses[calls.length - 1] ?? statuses.at(-1) ?? 200;
    response.writeHead(status, { 'content-type': 'application/json' });
    // A gateway that echoes the request: none of this may reach the database or the log.
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function smsDelivery(url: string, options: { token?: string; timeoutMs?: number } = {}) {
  const transports: Transports = {
    sms: createSmsHttpTransport({ url, sender: 'Samvirke', ...options }),
    email: createOutboxTransport(db),
  };
  return createDelivery({ db, transports, log, retryDelaysMs: [1, 1, 1] });
}

describe('SMS over an HTTP gateway', () => {
  it('retries after two 503s and ends sent after 3 attempts', async () => {
    const gateway = await startGateway([503, 503, 200]);
    try {
      const result = await smsDelivery(gateway.url, { token: 'gw-token-1' }).send({
        personId: ola.id,
        channel: 'sms',
        to: ola.mobile,
        template: 'login-code',
        params: { code: '204817' },
        lang: 'nb',
      });
      expect(result.status).toBe('sent');
      expect(gateway.calls).toHaveLength(3);
      const text = renderTemplate('login-code', 'nb', { code: '204817' }).text;
      for (const call of gateway.calls) {
        expect(call.path).toBe('/sms/send');
        expect(call.authorization).toBe('Bearer gw-token-1');
        expect(call.body).toEqual({ to: ola.mobile, text, sender: 'Samvirke' });
      }
      const row = await deliveryRow(result.id);
      expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
      expect(row.sent_at).not.toBeNull();
    } finally {
      await gateway.close();
    }
  });

  it('a gateway that always fails ends failed with the status; no text or number is stored or logged', async () => {
    const gateway = await startGateway([503]);
    const outboxBefore = await outboxCount();
    try {
      const result = await smsDelivery(gateway.url, { token: 'user:secret' }).send({
        personId: kari.id,
        channel: 'sms',
        to: kari.mobile,
        template: 'activation-code',
        params: { code: '918273' },
        lang: 'en',
      });
      expect(result.status).toBe('failed');
      expect(gateway.calls).toHaveLength(4);
      expect(gateway.calls[0]?.authorization).toBe(
        `Basic ${Buffer.from('user:secret').toString('base64')}`,
      );
      const row = await deliveryRow(result.id);
      expect(row).toMatchObject({
        status: 'failed',
        attempts: 4,
        last_error: 'gateway 503',
        template: 'activation-code',
        channel: 'sms',
        person_id: kari.id,
        sent_at: null,
      });
      const stored = JSON.stringify(await db.query('select * from deliveries'));
      for (const secret of [kari.mobile, kari.mobile.slice(3), '918273', 'Samvirke', 'password']) {
        expect(stored).not.toContain(secret);
      }
      expect(await outboxCount()).toBe(outboxBefore);
      expect(logs).toContainEqual(
        expect.objectContaining({
          level: 40,
          deliveryId: result.id,
          reason: 'gateway 503',
          msg: 'delivery failed',
        }),
      );
      expectLogsWithout(kari.mobile, kari.mobile.slice(3), '918273', 'Samvirke', 'secret');
    } finally {
      await gateway.close();
    }
  });

  it('a 4xx from the gateway is not retried', async () => {
    const gateway = await startGateway([400]);
    try {
      const result = await smsDelivery(gateway.url).send({
        personId: ola.id,
        channel: 'sms',
        to: ola.mobile,
        template: 'contact-changed',
        params: {},
        lang: 'nn',
      });
      expect(result.status).toBe('failed');
      expect(gateway.calls).toHaveLength(1);
      expect(gateway.calls[0]?.authorization).toBeUndefined();
      expect(await deliveryRow(result.id)).toMatchObject({ last_error: 'gateway 400' });
    } finally {
      await gateway.close();
    }
  });

  it('a gateway that does not answer times out', async () => {
    const gateway = await startGateway('hang');
    try {
      const result = await smsDelivery(gateway.url, { timeoutMs: 100 }).send({
        personId: ola.id,
        channel: 'sms',
        to: ola.mobile,
        template: 'contact-changed',
        params: {},
        lang: 'en',
      });
      expect(result.status).toBe('failed');
      expect(await deliveryRow(result.id)).toMatchObject({ last_error: 'timeout', attempts: 4 });
    } finally {
      await gateway.close();
    }
  });

  it('refuses a number that is not E.164 without calling the gateway', async () => {
    const gateway = await startGateway([200]);
    try {
      for (const to of ['91234567', '+47 912 34 567', '+4791234567\n', '+4791234567,+4799999999']) {
        const result = await smsDelivery(gateway.url).send({
          personId: null,
          channel: 'sms',
          to,
          template: 'contact-changed',
          params: {},
          lang: 'nb',
        });
        expect(result.status).toBe('failed');
      }
      expect(gateway.calls).toHaveLength(0);
    } finally {
      await gateway.close();
    }
  });
});

// ---------------------------------------------------------------- service

describe('the delivery service', () => {
  it('an idempotency key sends once and returns the same delivery', async () => {
    const sent: string[] = [];
    const counting: Transport = {
      async send(message) {
        sent.push(message.text);
      },
    };
    const delivery = createDelivery({ db, transports: { sms: counting, email: counting }, log });
    const request = {
      personId: ola.id,
      channel: 'sms' as const,
      to: ola.mobile,
      template: 'invitation' as const,
      params: { link: 'https://samvirke.example.no/i/abc' },
      lang: 'nb' as const,
      idempotencyKey: `invitation:${crypto.randomUUID()}`,
    };
    const first = await delivery.send(request);
    const second = await delivery.send(request);
    const [third, fourth] = await Promise.all([delivery.send(request), delivery.send(request)]);
    expect(first.status).toBe('sent');
    for (const again of [second, third, fourth]) expect(again).toEqual(first);
    expect(sent).toHaveLength(1);
    const rows = await db.query('select id from deliveries where idempotency_key = $1', [
      request.idempotencyKey,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('a transport that throws something unknown fails with a generic reason', async () => {
    const broken: Transport = {
      async send(message) {
        throw new Error(`cannot reach ${message.to}: ${message.text}`);
      },
    };
    const delivery = createDelivery({
      db,
      transports: { sms: broken, email: broken },
      log,
      retryDelaysMs: [1],
    });
    const result = await delivery.send({
      personId: ola.id,
      channel: 'email',
      to: ola.email,
      template: 'login-code',
      params: { code: '333444' },
      lang: 'nb',
    });
    expect(result.status).toBe('failed');
    expect(await deliveryRow(result.id)).toMatchObject({
      last_error: 'transport error',
      attempts: 2,
    });
    expectLogsWithout(ola.email, '333444');
  });

  it('bad template parameters throw before anything is stored or sent', async () => {
    const [{ n: before } = { n: -1 }] = await db.query<{ n: number }>(
      'select count(*)::int as n from deliveries',
    );
    const delivery = createDelivery({
      db,
      transports: { sms: createOutboxTransport(db), email: createOutboxTransport(db) },
      log,
    });
    await expect(
      delivery.send({
        personId: ola.id,
        channel: 'sms',
        to: ola.mobile,
        template: 'login-code',
        params: { code: '12345' },
        lang: 'nb',
      }),
    ).rejects.toThrow(/parameter code/);
    const [{ n: after } = { n: -2 }] = await db.query<{ n: number }>(
      'select count(*)::int as n from deliveries',
    );
    expect(after).toBe(before);
  });
});

// ---------------------------------------------------------------- configuration

describe('choosing transports', () => {
  const base = { smtpPort: 587, smtpSecure: false, smsSender: 'Samvirke' };

  it('production needs SMTP_HOST, SMTP_FROM and SMS_GATEWAY_URL', () => {
    const full = {
      ...base,
      mode: 'production' as const,
      smtpHost: 'smtp.example.no',
      smtpFrom: 'ikke-svar@kommune.example.no',
      smsGatewayUrl: 'https://sms.example.no/send',
    };
    expect(() => deliveryTransportsFrom(full, db)).not.toThrow();
    expect(() => deliveryTransportsFrom({ ...full, smtpHost: undefined }, db)).toThrow(
      'Missing setting SMTP_HOST: required in production',
    );
    expect(() => deliveryTransportsFrom({ ...full, smtpFrom: undefined }, db)).toThrow(
      'Missing setting SMTP_FROM: required in production',
    );
    expect(() => deliveryTransportsFrom({ ...full, smsGatewayUrl: undefined }, db)).toThrow(
      'Missing setting SMS_GATEWAY_URL: required in production',
    );
    expect(() =>
      deliveryTransportsFrom({ ...full, smsGatewayUrl: 'http://sms.example.no/send' }, db),
    ).toThrow(/SMS_GATEWAY_URL: must use https/);
    expect(() =>
      deliveryTransportsFrom({ ...full, smtpFrom: 'Samvirke <x@kommune.no>' }, db),
    ).toThrow(/Invalid setting SMTP_FROM/);
    expect(() => deliveryTransportsFrom({ ...full, smsSender: 'Samvirke kommune' }, db)).toThrow(
      /Invalid setting SMS_SENDER/,
    );
    expect(() => deliveryTransportsFrom({ ...full, smtpUser: 'u' }, db)).toThrow(/SMTP_PASS/);
  });

  it('outside production both channels go to the outbox unless configured', async () => {
    const transports = deliveryTransportsFrom({ ...base, mode: 'test' }, db);
    const before = await outboxCount();
    const delivery = createDelivery({ db, transports, log });
    await delivery.send({
      personId: kari.id,
      channel: 'sms',
      to: kari.mobile,
      template: 'contact-changed',
      params: {},
      lang: 'nb',
    });
    await delivery.send({
      personId: kari.id,
      channel: 'email',
      to: kari.email,
      template: 'contact-changed',
      params: {},
      lang: 'nb',
    });
    expect(await outboxCount()).toBe(before + 2);
  });

  it('outside production a configured gateway is used for SMS, the outbox for e-mail', async () => {
    const gateway = await startGateway([200]);
    try {
      const transports = deliveryTransportsFrom(
        { ...base, mode: 'development', smsGatewayUrl: gateway.url, smsGatewayToken: 'tok' },
        db,
      );
      const before = await outboxCount();
      const delivery = createDelivery({ db, transports, log });
      const sms = await delivery.send({
        personId: kari.id,
        channel: 'sms',
        to: kari.mobile,
        template: 'contact-changed',
        params: {},
        lang: 'en',
      });
      expect(sms.status).toBe('sent');
      expect(gateway.calls).toHaveLength(1);
      expect(await outboxCount()).toBe(before);
    } finally {
      await gateway.close();
    }
  });
});

// ---------------------------------------------------------------- GET /api/dev/outbox

describe('GET /api/dev/outbox', () => {
  let app: FastifyInstance;
  let lise: Person;
  beforeAll(async () => {
    lise = await addPerson('lise.test');
    app = Fastify({ logger: false });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerProblemHandlers(app);
    await app.register(devOutboxRoutes, { db });
    await app.ready();

    const outbox = createOutboxTransport(db);
    const delivery = createDelivery({ db, transports: { sms: outbox, email: outbox }, log });
    await delivery.send({
      personId: lise.id,
      channel: 'sms',
      to: lise.mobile,
      template: 'login-code',
      params: { code: '111222' },
      lang: 'nb',
    });
    await delivery.send({
      personId: lise.id,
      channel: 'email',
      to: lise.email,
      template: 'new-message',
      params: { url: 'https://samvirke.example.no/' },
      lang: 'en',
    });
  });
  afterAll(() => app.close());

  it('lists what was sent to that person, newest first', async () => {
    const res = await app.inject({ url: '/api/dev/outbox', query: { to: 'lise.test' } });
    expect(res.statusCode).toBe(200);
    const { items } = res.json<{ items: Record<string, unknown>[] }>();
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      channel: 'email',
      to: lise.email,
      subject: 'Samvirke',
      text: renderTemplate('new-message', 'en', { url: 'https://samvirke.example.no/' }).text,
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(items[1]).toEqual({
      channel: 'sms',
      to: lise.mobile,
      text: renderTemplate('login-code', 'nb', { code: '111222' }).text,
      sentAt: expect.any(String),
    });
    expect(Date.parse(String(items[0]?.sentAt))).toBeGreaterThanOrEqual(
      Date.parse(String(items[1]?.sentAt)),
    );
  });

  it('only that person: other people are not listed', async () => {
    const res = await app.inject({ url: '/api/dev/outbox', query: { to: 'lise.test' } });
    const body = res.body;
    for (const other of [ola, kari]) {
      expect(body).not.toContain(other.mobile);
      expect(body).not.toContain(other.email);
    }
  });

  it('every outbox message matches a template (N1)', async () => {
    const { matchesAnyTemplate } = await import('../../src/server/modules/delivery/templates.ts');
    const rows = await db.query<{ text: string }>('select text from dev_outbox');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(matchesAnyTemplate(row.text), row.text).toBe(true);
  });

  it('an unknown username gives an empty list', async () => {
    const res = await app.inject({ url: '/api/dev/outbox', query: { to: 'no.such.person' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [] });
  });

  it('limit caps the list', async () => {
    const res = await app.inject({ url: '/api/dev/outbox?to=lise.test&limit=1' });
    expect(res.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('a missing, repeated or unknown query parameter is a 400 problem', async () => {
    for (const url of [
      '/api/dev/outbox',
      '/api/dev/outbox?to=lise.test&to=ola.test',
      '/api/dev/outbox?to=lise.test&person=1',
      '/api/dev/outbox?to=lise.test&limit=100000',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
