import { describe, expect, it } from 'vitest';
import {
  createLogger,
  maskUrlSecrets,
  sanitizeForLog,
  serializeRequest,
  type Logger,
} from '../../src/infra/logging/create-logger.js';

interface MemoryDestination {
  lines: string[];
  write(s: string): void;
}

function memoryLogger(): { log: Logger; out: MemoryDestination } {
  const out: MemoryDestination = {
    lines: [],
    write(s: string) {
      this.lines.push(s);
    },
  };
  return { log: createLogger({ level: 'trace', destination: out }), out };
}

function lastRecord(out: MemoryDestination): Record<string, unknown> {
  const line = out.lines.at(-1);
  if (line === undefined) throw new Error('nothing was logged');
  return JSON.parse(line) as Record<string, unknown>;
}

const CPF = '52998224725';
const CPF_FORMATTED = '529.982.247-25';
const CPF_MASK = '529.***.***-25';

describe('createLogger: secrets', () => {
  it('redacts secret keys at the top level and nested, and keeps the rest', () => {
    const { log, out } = memoryLogger();
    log.info(
      {
        password: 'top-level-password',
        integracao: {
          nome: 'serasa',
          credenciais: { senha: 'nested-senha', tokenSH: 'nested-tokensh' },
          headers: { authorization: 'Bearer nested-bearer', 'x-api-key': 'nested-api-key' },
        },
        a: { b: { c: { d: { client_secret: 'deep-client-secret' } } } },
      },
      'provider configured',
    );
    const line = out.lines.join('');
    for (const secret of [
      'top-level-password',
      'nested-senha',
      'nested-tokensh',
      'nested-bearer',
      'nested-api-key',
      'deep-client-secret',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
    expect(lastRecord(out)).toMatchObject({
      password: '[redacted]',
      integracao: {
        nome: 'serasa',
        credenciais: { senha: '[redacted]', tokenSH: '[redacted]' },
        headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' },
      },
      msg: 'provider configured',
    });
  });

  it('matches secret keys whatever their case', () => {
    const { log, out } = memoryLogger();
    log.info({ headers: { Authorization: 'Bearer upper-bearer', TokenSH: 'upper-tokensh' } });
    expect(out.lines.join('')).not.toMatch(/upper-bearer|upper-tokensh/);
  });

  it('never writes request headers, where credentials travel', () => {
    const { log, out } = memoryLogger();
    log.info({
      req: {
        method: 'POST',
        url: '/v1/consultas',
        ip: '10.0.0.1',
        headers: { authorization: 'Bearer header-bearer', tokensh: 'header-tokensh' },
      },
    });
    expect(out.lines.join('')).not.toMatch(/header-bearer|header-tokensh/);
    expect(lastRecord(out).req).toEqual({
      method: 'POST',
      url: '/v1/consultas',
      remoteAddress: '10.0.0.1',
    });
  });

  it('redacts secrets carried by an error', () => {
    const { log, out } = memoryLogger();
    const err = Object.assign(new Error('provider rejected the call'), {
      config: { headers: { authorization: 'Bearer error-bearer' } },
    });
    log.error({ err }, 'consulta failed');
    expect(out.lines.join('')).not.toContain('error-bearer');
    expect(lastRecord(out)).toMatchObject({
      err: { config: { headers: { authorization: '[redacted]' } } },
    });
  });

  it('does not modify the logged object', () => {
    const { log } = memoryLogger();
    const payload = { senha: 'kept-senha', titular: { cpf: CPF } };
    log.info(payload);
    expect(payload).toEqual({ senha: 'kept-senha', titular: { cpf: CPF } });
  });
});

describe('createLogger: documents', () => {
  it('masks a CPF in the message and in interpolated arguments', () => {
    const { log, out } = memoryLogger();
    log.info(`consulta do cpf ${CPF_FORMATTED}`);
    expect(lastRecord(out).msg).toBe(`consulta do cpf ${CPF_MASK}`);
    log.info('consulta do cpf %s em %o', CPF, { documento: CPF });
    expect(lastRecord(out).msg).toBe(`consulta do cpf ${CPF_MASK} em {"documento":"${CPF_MASK}"}`);
  });

  it('masks a CPF in nested fields and in arrays', () => {
    const { log, out } = memoryLogger();
    log.info(
      {
        titular: { documento: CPF, endereco: { obs: `cpf ${CPF_FORMATTED}` } },
        documentos: [CPF, { numero: '12.ABC.345/01DE-35' }, ['11222333000181']],
        quantidade: 3,
      },
      'lote',
    );
    const line = out.lines.join('');
    expect(line).not.toContain(CPF);
    expect(line).not.toContain(CPF_FORMATTED);
    expect(lastRecord(out)).toMatchObject({
      titular: { documento: CPF_MASK, endereco: { obs: `cpf ${CPF_MASK}` } },
      documentos: [CPF_MASK, { numero: '12.***.***/****-35' }, ['11.***.***/****-81']],
      quantidade: 3,
    });
  });

  it('masks documents in child bindings', () => {
    const { log, out } = memoryLogger();
    log.child({ documento: CPF }).child({ cnpj: '11222333000181' }).info('child');
    expect(lastRecord(out)).toMatchObject({
      documento: CPF_MASK,
      cnpj: '11.***.***/****-81',
      msg: 'child',
    });
  });

  it('masks documents in error messages and stacks', () => {
    const { log, out } = memoryLogger();
    log.error(new Error(`CPF ${CPF} não encontrado`));
    log.error({ err: new Error(`CPF ${CPF} bloqueado`) });
    expect(out.lines.join('')).not.toContain(CPF);
    expect(lastRecord(out)).toMatchObject({
      msg: `CPF ${CPF_MASK} bloqueado`,
      err: { message: `CPF ${CPF_MASK} bloqueado` },
    });
  });

  it('returns the very same object when there is nothing to hide', () => {
    const payload = { nome: 'Fulano', itens: [1, 2, { ok: true }] };
    expect(sanitizeForLog(payload)).toBe(payload);
  });
});

describe('maskUrlSecrets', () => {
  it('keeps only the first 4 characters of a callback token', () => {
    const token = 'a1b2c3d4e5f6g7h8i9j0';
    const masked = maskUrlSecrets(`/callbacks/serasa/${token}`);
    expect(masked).toBe('/callbacks/serasa/a1b2…');
    expect(masked).not.toContain(token);
  });

  it('keeps the rest of the path and masks documents in the query string', () => {
    const token = 'a1b2c3d4e5f6g7h8i9j0';
    const masked = maskUrlSecrets(
      `/callbacks/boavista/${token}/eventos?cpf=${CPF}&cnpj=11.222.333%2F0001-81`,
    );
    expect(masked).toBe(
      `/callbacks/boavista/a1b2…/eventos?cpf=${CPF_MASK}&cnpj=11.***.***/****-81`,
    );
  });

  it('reveals nothing of a short token and leaves other URLs alone', () => {
    expect(maskUrlSecrets('/callbacks/serasa/abc?x=1')).toBe('/callbacks/serasa/…?x=1');
    expect(maskUrlSecrets('/v1/consultas?limit=10')).toBe('/v1/consultas?limit=10');
  });

  it('is applied to logged requests', () => {
    const { log, out } = memoryLogger();
    log.info({ req: { method: 'POST', url: '/callbacks/serasa/secret-token-value' } });
    expect(out.lines.join('')).not.toContain('secret-token-value');
    expect(lastRecord(out).req).toMatchObject({ url: '/callbacks/serasa/secr…' });
  });
});

describe('serializeRequest', () => {
  it('takes the address from ip, else from the socket', () => {
    expect(serializeRequest({ method: 'GET', url: '/x', ip: '10.0.0.1' })).toEqual({
      method: 'GET',
      url: '/x',
      remoteAddress: '10.0.0.1',
    });
    expect(
      serializeRequest({ method: 'GET', url: '/x', socket: { remoteAddress: '10.0.0.2' } }),
    ).toEqual({ method: 'GET', url: '/x', remoteAddress: '10.0.0.2' });
  });
});
