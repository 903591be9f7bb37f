import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serasaExperian } from '../../src/providers/serasa-experian/index.js';

const raw = (name: string): string =>
  readFileSync(new URL(`../fixtures/serasa-experian/${name}`, import.meta.url), 'utf8');
const read = (body: string | null) =>
  serasaExperian.inbound!.read({
    method: 'POST',
    query: {},
    headers: { 'content-type': 'application/json' },
    body: body === null ? null : Buffer.from(body),
  });
const readObject = (value: Record<string, unknown>) => read(JSON.stringify(value));

describe('Serasa Experian webhook reading (one URL, six events)', () => {
  it('reads a successful debt inclusion with the CADUS keys for a later removal', () => {
    expect(read(raw('webhook-inclusao-sucesso.json'))).toEqual({
      tipo: 'aceito',
      referencia: 'f1d11b18-b459-4f11-97a8-8143a6c392e4',
      desfecho: {
        referencia: 'f1d11b18-b459-4f11-97a8-8143a6c392e4',
        operacao: 'inclusao',
        sucesso: true,
        credor: '62173620000180',
        devedor: '00001209523',
        contrato: 'CT-000123/01',
        chaves: { cadusKey: '008080948A', cadusSerie: '001' },
      },
    });
  });

  it('reads a failed inclusion: numeric statusCode as text, null keys left out, extra fields ignored', () => {
    expect(read(raw('webhook-inclusao-erro.json'))).toEqual({
      tipo: 'aceito',
      referencia: 'f1d11b18-b459-4f11-97a8-8143a6c392e4',
      desfecho: {
        referencia: 'f1d11b18-b459-4f11-97a8-8143a6c392e4',
        operacao: 'inclusao',
        sucesso: false,
        credor: '62173620000180',
        devedor: '00001209523',
        contrato: 'CT-1',
        erro: { codigo: '400', mensagem: 'DADOS DO DEVEDOR INCONSISTENTES' },
      },
    });
  });

  it('reads exclusions, successful and failed, from their nested documents', () => {
    expect(read(raw('webhook-exclusao-sucesso.json'))).toMatchObject({
      desfecho: {
        operacao: 'exclusao',
        sucesso: true,
        credor: '62173620000180',
        devedor: '00001209523',
        contrato: 'CT-000123/01',
      },
    });
    const falha = read(raw('webhook-exclusao-erro.json'));
    expect(falha).toMatchObject({
      referencia: '0c5e6a7e-1111-4e2b-9c1d-2f6a3b4c5d6e',
      desfecho: {
        operacao: 'exclusao',
        sucesso: false,
        contrato: 'CT-1',
        erro: { codigo: '422', mensagem: 'DIVIDA NAO ENCONTRADA' },
      },
    });
  });

  it("normalizes the formatted document of Serasa's own example payload", () => {
    expect(read(raw('webhook-jotanunes-exemplo.json'))).toMatchObject({
      referencia: 'test-uuid-123',
      desfecho: {
        operacao: 'inclusao',
        sucesso: true,
        devedor: '00001209523',
        credor: '62173620000180',
        contrato: '295/00',
        chaves: { cadusKey: '008080948A', cadusSerie: '001' },
      },
    });
  });

  it('tells a guarantor inclusion only when it names the guarantor; otherwise leaves the operation open', () => {
    const avalista = readObject({
      uuid: 'u-1',
      guarantor: { documentNumber: '11572467886' },
      debtorDocument: '00001209523',
      contract: 'C',
      error: null,
    });
    expect(avalista).toMatchObject({ desfecho: { operacao: 'inclusao_avalista' } });
    const semForma = readObject({ uuid: 'u-2', error: { statusCode: 500, message: 'FALHA' } });
    expect(semForma).toEqual({
      tipo: 'aceito',
      referencia: 'u-2',
      desfecho: {
        referencia: 'u-2',
        operacao: undefined,
        sucesso: false,
        erro: { codigo: '500', mensagem: 'FALHA' },
      },
    });
  });

  it('reads error objects leniently: empty means success, a bare string is the message', () => {
    expect(
      readObject({ uuid: 'u', contract: 'C', error: { message: null, statusCode: null } }),
    ).toMatchObject({ desfecho: { sucesso: true } });
    expect(readObject({ uuid: 'u', contract: 'C', error: 'TIMEOUT NO MAINFRAME' })).toMatchObject({
      desfecho: { sucesso: false, erro: { codigo: null, mensagem: 'TIMEOUT NO MAINFRAME' } },
    });
    expect(readObject({ uuid: 'u', contract: 'C', error: { statusCode: '409' } })).toMatchObject({
      desfecho: { sucesso: false, erro: { codigo: '409' } },
    });
  });

  it('accepts a JSON object without uuid (stored, matching nothing); refuses anything else', () => {
    expect(readObject({ evento: 'teste' })).toEqual({ tipo: 'aceito' });
    for (const body of ['[1]', 'nao e json', '', null, '"texto"']) {
      expect(read(body)).toMatchObject({ tipo: 'malformado', campo: 'corpo' });
    }
  });
});
