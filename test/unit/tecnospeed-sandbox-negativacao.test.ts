import { describe, expect, it } from 'vitest';
import {
  codigos,
  DEMO,
  HOM,
  negativacao,
  PROD,
  SH,
  USUARIO,
  useTecnospeedSandbox,
} from '../support/tecnospeed-sandbox-harness.js';

describe('Tecnospeed sandbox: negativacao', () => {
  const h = useTecnospeedSandbox();
  const { call, control, incluir, ler } = h;

  it('validates a negativacao with one internalCode per problem', async () => {
    const ruim = await call('POST', `${HOM}/negativacao`, {
      body: negativacao(
        { valorTitulo: 0, dataVencimento: '2025-02-30', especieTitulo: undefined },
        { documento: '12345678900', uf: 'XX', cep: '87013-000', nome: '' },
      ),
    });
    expect(ruim.status).toBe(422);
    expect(ruim.body.errors).toEqual([
      { message: 'O campo nome e obrigatorio', internalCode: 1002 },
      {
        message: 'O campo documento deve ser um CPF ou CNPJ valido, somente digitos',
        internalCode: 1005,
      },
      { message: 'O campo uf deve ser uma UF valida', internalCode: 1006 },
      { message: 'O campo cep deve ter 8 digitos', internalCode: 1007 },
      { message: 'O campo divida.especieTitulo e obrigatorio', internalCode: 1002 },
      {
        message: 'O campo divida.dataVencimento deve ser uma data valida (aaaa-mm-dd)',
        internalCode: 1008,
      },
      {
        message:
          'O campo divida.valorTitulo deve ser um numero maior que zero, com ate 2 casas decimais',
        internalCode: 1009,
      },
    ]);
    const datas = async (divida: Record<string, unknown>) =>
      codigos((await call('POST', `${HOM}/negativacao`, { body: negativacao(divida) })).body);
    expect(await datas({ dataVencimento: '2026-01-05' })).toEqual([4001]);
    expect(await datas({ dataVencimento: '2020-01-01', dataEmissao: '2019-01-01' })).toEqual([
      4003,
    ]);
    expect(await datas({ dataEmissao: '2025-12-01' })).toEqual([4002]);
    expect(await datas({ valorTitulo: '150.50' })).toEqual([1009]);
    expect(await datas({ nossoNumero: 'N'.repeat(31) })).toEqual([1004]);
    const semDivida = await call('POST', `${HOM}/negativacao`, {
      body: { ...negativacao(), divida: undefined },
    });
    expect(semDivida.body.errors).toEqual([
      { message: 'O campo divida e obrigatorio', internalCode: 1002 },
    ]);
    await control('PUT', '/config', { especies_titulo: ['DM', 'NP'] });
    expect(await datas({ especieTitulo: 'XX' })).toEqual([4004]);
    // dd/mm/yyyy is read too; the date is echoed as sent.
    const br = await incluir(negativacao({ dataVencimento: '01/11/2025', especieTitulo: 'NP' }));
    expect((await ler(br)).divida.dataVencimento).toBe('01/11/2025');
  });

  it('moves a negativacao PROCESSANDO → ENVIADO → ACEITA on the clock, with one historico entry per step', async () => {
    await control('PUT', '/config', { etapas_ms: { enviado: 60_000 } });
    const protocolo = await incluir();
    const inicial = await ler(protocolo);
    expect(inicial).toEqual({
      protocolo,
      motivo: null,
      cnpjCredor: DEMO,
      nome: 'JOSE DA SILVA',
      situacao: 'NEGATIVACAO_PROCESSANDO',
      documento: '39053344705',
      endereco: 'RUA DAS FLORES, 10',
      enderecoComplemento: 'APTO 1',
      bairro: 'CENTRO',
      municipio: 'MARINGA',
      uf: 'PR',
      cep: '87013000',
      valor: '150.50',
      divida: {
        nossoNumero: 'NN-1',
        especieTitulo: 'DM',
        numDocumento: 'DOC-1',
        dataEmissao: '2025-10-01',
        dataVencimento: '2025-11-01',
        valorTitulo: 150.5,
        numAgencia: null,
        numConta: null,
        codBanco: null,
        numCheque: null,
        codEndosso: null,
        codAlinea: null,
        codAceite: null,
      },
      historico: [{ valor: 150.5, tipoHistorico: 'PROCESSANDO', usuario: USUARIO.login }],
    });
    h.clock.advance(1_999);
    expect((await ler(protocolo)).situacao).toBe('NEGATIVACAO_PROCESSANDO');
    h.clock.advance(1);
    const enviado = await ler(protocolo);
    expect(enviado.situacao).toBe('NEGATIVACAO_ENVIADO');
    expect(enviado.historico).toHaveLength(2);
    // The control view lists every step with its time, those passed as well as the next one.
    const [registrada] = (await control('GET', '/registros')).body.negativacoes;
    expect(registrada.etapas).toEqual([
      { situacao: 'NEGATIVACAO_PROCESSANDO', em: '2026-01-05T12:00:00.000Z' },
      { situacao: 'NEGATIVACAO_ENVIADO', em: '2026-01-05T12:00:02.000Z' },
      { situacao: 'NEGATIVACAO_ACEITA', em: '2026-01-05T12:01:02.000Z' },
    ]);
    h.clock.advance(59_999);
    expect((await ler(protocolo)).situacao).toBe('NEGATIVACAO_ENVIADO');
    h.clock.advance(1);
    const aceita = await ler(protocolo);
    expect(aceita.situacao).toBe('NEGATIVACAO_ACEITA');
    expect(aceita.historico.map((h: any) => [h.tipoHistorico, h.usuario])).toEqual([
      ['PROCESSANDO', USUARIO.login],
      ['ENVIADO', 'SCC'],
      ['ACEITA', 'SCC'],
    ]);
    // Only visible in its environment; escala_tempo scales the next requests' schedule.
    expect(codigos((await call('GET', `${PROD}/negativacao?protocolo=${protocolo}`)).body)).toEqual(
      [4005],
    );
    await control('PUT', '/config', { escala_tempo: 0.001 });
    const rapido = await incluir(negativacao({ nossoNumero: 'NN-2' }));
    h.clock.advance(62);
    expect((await ler(rapido)).situacao).toBe('NEGATIVACAO_ACEITA');
  });

  it('ends the magic inputs in AGUARDANDO_CORRECAO, REJEITADA or an unknown status, with motivo', async () => {
    const correcao = await incluir(negativacao({ nossoNumero: 'CORRECAO-1' }));
    const rejeitada = await incluir(
      negativacao({ numDocumento: 'rejeitada-1', nossoNumero: 'NN-R' }),
    );
    const desconhecida = await incluir(negativacao({ nossoNumero: 'DESCONHECIDA-1' }));
    const parada = await incluir(negativacao({ nossoNumero: 'PROCESSANDO-1' }));
    h.clock.advance(2_000);
    expect(await ler(correcao)).toMatchObject({
      situacao: 'NEGATIVACAO_AGUARDANDO_CORRECAO',
      motivo: 'CEP do devedor nao confere com o logradouro informado',
    });
    expect((await ler(rejeitada)).situacao).toBe('NEGATIVACAO_ENVIADO');
    h.clock.advance(10_000);
    const rejeicao = await ler(rejeitada);
    expect(rejeicao).toMatchObject({
      situacao: 'NEGATIVACAO_REJEITADA',
      motivo: expect.stringContaining('Receita'),
    });
    expect(rejeicao.historico.map((h: any) => h.tipoHistorico)).toEqual([
      'PROCESSANDO',
      'ENVIADO',
      'REJEITADA',
    ]);
    expect((await ler(desconhecida)).situacao).toBe('NEGATIVACAO_EM_ANALISE');
    expect((await ler(parada)).situacao).toBe('NEGATIVACAO_PROCESSANDO');
    const remover = (protocolo: string) =>
      call('POST', `${HOM}/negativacao/remover`, { body: { protocolo, codMotivo: '01' } });
    expect(codigos((await remover(rejeitada)).body)).toEqual([5002]);
    expect(codigos((await remover(parada)).body)).toEqual([5002]);
    // A negativacao awaiting correction is removed before it is sent again (seed 001, fix 1).
    expect((await remover(correcao)).status).toBe(200);
  });

  it('removes an accepted negativacao: BAIXA_ENVIADA, then BAIXADA on the clock', async () => {
    const protocolo = await incluir();
    const remover = (body: unknown) => call('POST', `${HOM}/negativacao/remover`, { body });
    h.clock.advance(12_000);
    expect((await ler(protocolo)).situacao).toBe('NEGATIVACAO_ACEITA');
    expect(codigos((await remover({ protocolo, codMotivo: '99' })).body)).toEqual([5001]);
    expect(codigos((await remover({ codMotivo: '01' })).body)).toEqual([1002]);
    const desconhecido = await remover({ protocolo: 'nao-existe', codMotivo: '01' });
    expect([desconhecido.status, codigos(desconhecido.body)]).toEqual([422, [4005]]);

    const baixa = await remover({ protocolo, codMotivo: 1 });
    expect(baixa).toMatchObject({ status: 200, body: { protocolo } });
    expect((await ler(protocolo)).situacao).toBe('NEGATIVACAO_BAIXA_ENVIADA');
    expect(codigos((await remover({ protocolo, codMotivo: '01' })).body)).toEqual([5002]);
    h.clock.advance(5_000);
    const baixada = await ler(protocolo);
    expect(baixada.situacao).toBe('NEGATIVACAO_BAIXADA');
    expect(baixada.historico.map((h: any) => h.tipoHistorico)).toEqual([
      'PROCESSANDO',
      'ENVIADO',
      'ACEITA',
      'BAIXA_ENVIADA',
      'BAIXADA',
    ]);
    expect(codigos((await remover({ protocolo, codMotivo: '01' })).body)).toEqual([5002]);

    // Removed while ENVIADO: Serasa's later ACEITA never happens.
    const cedo = await incluir(negativacao({ nossoNumero: 'NN-2' }));
    h.clock.advance(2_000);
    expect((await remover({ protocolo: cedo, codMotivo: '02' })).status).toBe(200);
    h.clock.advance(60_000);
    expect((await ler(cedo)).historico.map((h: any) => h.tipoHistorico)).toEqual([
      'PROCESSANDO',
      'ENVIADO',
      'BAIXA_ENVIADA',
      'BAIXADA',
    ]);
  });

  it('loses the answer of a stored negativacao on request, and finds it by the lookup', async () => {
    await control('PUT', '/config', { perder_resposta_negativacao: 1 });
    const body = negativacao({ nossoNumero: 'NN-PERDIDA' });
    await expect(
      fetch(`${h.sandbox.url}${HOM}/negativacao`, {
        method: 'POST',
        headers: { ...SH, ...USUARIO, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    ).rejects.toThrow();
    expect((await control('GET', '/config')).body.perder_resposta_negativacao).toBe(0);

    const registros = (await control('GET', '/registros')).body;
    const perdida = registros.chamadas.at(-1);
    expect(perdida).toMatchObject({ metodo: 'POST', resposta_perdida: true, status: null });
    expect(registros.negativacoes).toHaveLength(1);
    const { protocolo } = registros.negativacoes[0];

    const achadas = await call(
      'GET',
      `${HOM}/negativacao?documento=39053344705&nossoNumero=NN-PERDIDA`,
    );
    expect(achadas.status).toBe(200);
    expect(achadas.body).toHaveLength(1);
    expect(achadas.body[0]).toMatchObject({ protocolo, situacao: 'NEGATIVACAO_PROCESSANDO' });
    expect((await call('GET', `${HOM}/negativacao?nossoNumero=OUTRO`)).body).toEqual([]);
    expect((await call('GET', `${PROD}/negativacao?nossoNumero=NN-PERDIDA`)).body).toEqual([]);
    expect(codigos((await call('GET', `${HOM}/negativacao`)).body)).toEqual([4007]);

    // Sending it again blindly is refused and names the stored protocolo.
    const repetida = await call('POST', `${HOM}/negativacao`, { body });
    expect(codigos(repetida.body)).toEqual([4006]);
    expect(repetida.body.errors[0].message).toContain(protocolo);
    expect(await incluir(negativacao({ nossoNumero: 'NN-NOVA' }))).not.toBe(protocolo);
  });
});
