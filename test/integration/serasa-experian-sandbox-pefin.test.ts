import { describe, expect, it } from 'vitest';
import { CREDOR, DEVEDOR, UUID_V4, useSerasaSandbox } from '../support/serasa-sandbox-harness.js';
import { waitFor } from '../support/wait-for.js';

describe('Serasa Experian sandbox: PEFIN inclusion, guarantor and exclusion', () => {
  const h = useSerasaSandbox();
  const { call, registros, divida, incluir, excluir, hookOf } = h;

  it('answers a uuid transactionId, records one inclusion and delivers one success webhook', async () => {
    const { status, body } = await incluir('CT-1');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['transactionId']);
    expect(body.transactionId).toMatch(UUID_V4);
    const hook = await hookOf(body.transactionId);
    expect(hook.body).toEqual({
      uuid: body.transactionId,
      debtorDocument: DEVEDOR,
      creditorDocument: CREDOR,
      requester: null,
      contract: 'CT-1',
      debtValue: 150.75,
      debtDate: '2025-01-10',
      cadusKey: expect.stringMatching(/^\d{9}A$/),
      cadusSerie: '001',
      debtType: 'PEFIN',
      creditorArea: '0001',
      categoryId: 'TI',
      error: null,
    });
    expect(hook.authorization).toBeUndefined();
    const r = await registros();
    expect(r.inclusoes).toEqual([
      expect.objectContaining({
        transactionId: body.transactionId,
        credor: CREDOR,
        devedor: DEVEDOR,
        contrato: 'CT-1',
        valor: 150.75,
        categoria: 'TI',
      }),
    ]);
    expect(r.entregas).toEqual([
      expect.objectContaining({
        uuid: body.transactionId,
        evento: 'inclusao_sucesso',
        tentativa: 1,
        status_http: 200,
      }),
    ]);
    // The path without the trailing slash is the same route.
    expect((await incluir('CT-2', {}, '/collection/debt')).status).toBe(200);
    await waitFor(() => h.received.length === 2, 'the webhook of CT-2');
  });

  it('refuses invalid bodies and non-participant creditors synchronously, recording nothing', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ value: 9.99 }, /^value: /],
      [{ value: 10.001 }, /^value: .*decimais/],
      [{ contractNumber: 'C'.repeat(21) }, /^contractNumber: /],
      [{ areaInformante: '00001' }, /^areaInformante: /],
      [{ dueDate: '10/01/2025' }, /^dueDate: /],
      [{ categoryId: 'TIX' }, /^categoryId: /],
      [{ debtType: 'REFIN' }, /^debtType: /],
      [{ debtor: { ...divida('x').debtor, name: 'N'.repeat(71) } }, /^debtor\.name: /],
      [
        { debtor: { ...divida('x').debtor, documentNumber: '00001209524' } },
        /^debtor\.documentNumber: /,
      ],
      [{ creditor: { documentNumber: '6217362000018' } }, /^creditor\.documentNumber: /],
    ];
    for (const [override, message] of cases) {
      const response = await incluir('CT-X', override);
      expect(response.status, JSON.stringify(override)).toBe(400);
      expect(response.body.errorMessage).toMatch(message);
    }
    const address = await incluir('CT-X', {
      debtor: {
        ...divida('x').debtor,
        address: { ...divida('x').debtor.address, city: 'C'.repeat(21) },
      },
    });
    expect(address.body.errorMessage).toMatch(/^debtor\.address\.city: /);
    const malformed = await call(
      'POST',
      '/collection/debt/',
      { authorization: `Bearer ${h.bearer}`, 'content-type': 'application/json' },
      undefined,
    );
    expect(malformed.status).toBe(400);
    const broken = await fetch(`${h.sandbox.url}/collection/debt/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.bearer}`, 'content-type': 'application/json' },
      body: '{"value":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ errorMessage: expect.any(String) });

    const outsider = await incluir('CT-X', { creditor: { documentNumber: '11444777000161' } });
    expect(outsider).toEqual({
      status: 400,
      body: { errorMessage: 'RNXPIA   999 EMPRESA NAO PARTICIPANTE DO CONVENIO' },
    });
    const unauthorized = await call('POST', '/collection/debt/', {}, divida('CT-X'));
    expect(unauthorized.status).toBe(401);
    const r = await registros();
    expect(r.inclusoes).toEqual([]);
    expect(r.entregas).toEqual([]);
  });

  it('sends an inclusion error webhook for REJ contracts and for a debt already active', async () => {
    const rej = (await incluir('REJ-1')).body.transactionId;
    const hook = await hookOf(rej);
    expect(hook.body).toMatchObject({ uuid: rej, contract: 'REJ-1', cadusKey: null });
    expect(hook.body.error).toEqual({ statusCode: 400, message: expect.stringMatching(/[A-Z ]+/) });

    await hookOf((await incluir('CT-3')).body.transactionId);
    const again = (await incluir('CT-3')).body.transactionId;
    expect((await hookOf(again)).body.error).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('JA CADASTRADA'),
    });
    expect((await registros()).entregas.map((e: any) => e.evento)).toEqual([
      'inclusao_erro',
      'inclusao_sucesso',
      'inclusao_erro',
    ]);
  });

  it('fails the first exclusion of a BXERR contract, then removes it; unknown debts get an error', async () => {
    const inclusao = await hookOf((await incluir('BXERR-1')).body.transactionId);
    expect(inclusao.body.error).toBeNull();

    const first = await excluir('BXERR-1');
    expect(first.status).toBe(200);
    const failed = await hookOf(first.body.transactionId);
    expect(failed.body).toMatchObject({
      uuid: first.body.transactionId,
      requester: null,
      creditor: { documentNumber: CREDOR, documentType: 'CNPJ' },
      debtor: { documentNumber: DEVEDOR, documentType: 'CPF' },
      cadusKey: inclusao.body.cadusKey,
      cadusSerie: '001',
      contractNumber: 'BXERR-1',
      creditorArea: '0001',
      categoryId: 'TI',
      writeOff: { reason: '1' },
      error: { statusCode: expect.any(String), message: expect.any(String) },
    });

    const second = (await excluir('BXERR-1')).body.transactionId;
    expect((await hookOf(second)).body.error).toBeNull();
    const third = (await excluir('BXERR-1')).body.transactionId;
    expect((await hookOf(third)).body.error).toEqual({
      statusCode: '404',
      message: 'DIVIDA NAO ENCONTRADA PARA EXCLUSAO',
    });
    const unknown = (await excluir('NUNCA-INCLUIDO')).body.transactionId;
    expect((await hookOf(unknown)).body).toMatchObject({
      contractNumber: 'NUNCA-INCLUIDO',
      cadusKey: null,
      error: { statusCode: '404' },
    });
    expect((await registros()).exclusoes.map((e: any) => e.contrato)).toEqual([
      'BXERR-1',
      'BXERR-1',
      'BXERR-1',
      'NUNCA-INCLUIDO',
    ]);
  });

  it('removes by CADUS key, refuses missing headers and cascades to guarantors', async () => {
    const inclusao = await hookOf((await incluir('CT-4')).body.transactionId);
    const cadus = inclusao.body.cadusKey as string;
    for (const [headers, message] of [
      [{ 'creditor-document': '' }, /creditor-document/],
      [{ reason: 'um' }, /reason/],
      [{ type: 'REFIN' }, /type/],
    ] as const) {
      const refused = await excluir('', headers, `/collection/debt/cadus/${cadus}`);
      expect(refused.status).toBe(400);
      expect(refused.body.errorMessage).toMatch(message);
    }
    expect((await excluir('', { 'contract-number': '' })).body.errorMessage).toMatch(
      /contract-number/,
    );

    const avalista = await call(
      'POST',
      '/collection/debt/guarantor',
      { authorization: `Bearer ${h.bearer}` },
      {
        categoryId: 'TI',
        value: 150.75,
        dueDate: '2025-01-10',
        debtorDocument: DEVEDOR,
        contractNumber: 'CT-4',
        guarantor: {
          documentNumber: '16881670052',
          name: 'TST PEFIN',
          address: divida('x').debtor.address,
        },
        creditor: { documentNumber: CREDOR },
        debtType: 'PEFIN',
      },
    );
    const guarantorHook = await hookOf(((await avalista.json()) as any).transactionId);
    expect(guarantorHook.body).toMatchObject({
      debtorDocument: '16881670052',
      contract: 'CT-4',
      error: null,
    });

    const removed = (
      await excluir('', { 'contract-number': '' }, `/collection/debt/cadus/${cadus}`)
    ).body.transactionId;
    expect((await hookOf(removed)).body).toMatchObject({
      cadusKey: cadus,
      contractNumber: 'CT-4',
      error: null,
    });
    const orphan = (await excluir('CT-4', { 'debtor-document': '16881670052' })).body.transactionId;
    expect((await hookOf(orphan)).body.error).toMatchObject({ statusCode: '404' });
    expect((await registros()).entregas.map((e: any) => e.evento)).toEqual([
      'inclusao_sucesso',
      'avalista_sucesso',
      'exclusao_sucesso',
      'exclusao_erro',
    ]);
  });
});
