import { describe, expect, it } from 'vitest';
import { receiverSettingsSchema } from '../../src/inbound/receiver-settings.js';
import { verifyReceiverAuth } from '../../src/inbound/verify-receiver-auth.js';

const schema = receiverSettingsSchema(['nenhuma', 'basic', 'bearer', 'api_key'], ['GET', 'POST']);
const settings = (value: unknown) => schema.parse(value);

describe('verifyReceiverAuth', () => {
  it('accepts anything when the scheme is nenhuma (the URL token is the secret)', () => {
    expect(verifyReceiverAuth(settings({ autenticacao: 'nenhuma' }), {}, {})).toEqual({ ok: true });
  });

  it('checks Bearer tokens, case-insensitive scheme', () => {
    const s = settings({ autenticacao: 'bearer' });
    expect(verifyReceiverAuth(s, { token: 'abc' }, { authorization: 'bearer abc' })).toEqual({
      ok: true,
    });
    expect(verifyReceiverAuth(s, { token: 'abc' }, { authorization: 'Bearer abd' })).toEqual({
      ok: false,
      motivo: 'credencial_incorreta',
    });
    expect(verifyReceiverAuth(s, { token: 'abc' }, { authorization: 'Token abc' })).toEqual({
      ok: false,
      motivo: 'esquema_incorreto',
    });
    expect(verifyReceiverAuth(s, { token: 'abc' }, {})).toEqual({ ok: false, motivo: 'ausente' });
    expect(verifyReceiverAuth(s, {}, { authorization: 'Bearer ' })).toEqual({
      ok: false,
      motivo: 'credencial_incorreta',
    });
  });

  it('checks Basic user and password, passwords may contain colons', () => {
    const s = settings({ autenticacao: 'basic' });
    const header = (text: string) => ({
      authorization: `Basic ${Buffer.from(text).toString('base64')}`,
    });
    const creds = { usuario: 'serasa', senha: 'a:b:c' };
    expect(verifyReceiverAuth(s, creds, header('serasa:a:b:c'))).toEqual({ ok: true });
    expect(verifyReceiverAuth(s, creds, header('serasa:a:b'))).toMatchObject({ ok: false });
    expect(verifyReceiverAuth(s, creds, header('outro:a:b:c'))).toMatchObject({ ok: false });
    expect(verifyReceiverAuth(s, creds, header('sem-dois-pontos'))).toEqual({
      ok: false,
      motivo: 'malformada',
    });
  });

  it('reads API keys from the configured header', () => {
    const s = settings({ autenticacao: 'api_key', cabecalho: 'API-Key' });
    expect(verifyReceiverAuth(s, { token: 'k1' }, { 'api-key': 'k1' })).toEqual({ ok: true });
    expect(verifyReceiverAuth(s, { token: 'k1' }, { 'x-api-key': 'k1' })).toEqual({
      ok: false,
      motivo: 'ausente',
    });
  });

  it('limits receiver settings to valid header names and addresses', () => {
    expect(() => settings({ cabecalho: 'bad header' })).toThrow();
    expect(() => settings({ ips_permitidos: ['999.1.1.1'] })).toThrow();
    expect(settings({ ips_permitidos: ['10.0.0.1', '::1'] }).ips_permitidos).toHaveLength(2);
  });
});
