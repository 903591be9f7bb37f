import { describe, expect, it } from 'vitest';
import type { BlocoPendencias, RelatorioCredito } from '../../src/domain/consulta.js';
import {
  escapeHtml,
  formatCentavos,
  formatDate,
  formatDocument,
  formatInstant,
} from '../../src/reports/format-br.js';
import { renderRelatorioHtml } from '../../src/reports/render-relatorio-html.js';

const XSS = `<script>alert("x")</script>`;
const vazio = (): BlocoPendencias => ({ quantidade: 0, valor_centavos: 0, itens: [] });
const meta = { consultaId: 'con_01J', integracao: 'int_serasa', geradoEm: '2026-03-05T14:31:00Z' };

function relatorioPf(): RelatorioCredito {
  return {
    provedor: 'serasa_experian',
    produto: 'RELATORIO_BASICO_PF_PME',
    tipo_documento: 'cpf',
    documento: '00001209523',
    consultado_em: '2026-03-05T14:30:00.000Z',
    identificacao: {
      nome: 'MARIA DA SILVA TESTE',
      nome_mae: 'JOANA DA SILVA',
      data_nascimento: '1980-05-10',
      situacao_cadastral: 'REGULAR',
      endereco: 'RUA DAS FLORES, 10 - SAO PAULO/SP',
      telefone: '(11) 3000-0000',
    },
    score: { valor: 640, modelo: 'HRLD', taxa_inadimplencia: '9,0' },
    pendencias: {
      pefin: {
        quantidade: 2,
        valor_centavos: 123_456_789,
        itens: [
          {
            data: '2025-03-10',
            natureza: 'CREDIARIO',
            credor: 'LOJA EXEMPLO',
            contrato: 'C-001',
            valor_centavos: 123_456_700,
            cidade: 'CAMPINAS',
            uf: 'SP',
          },
          {
            data: null,
            natureza: null,
            credor: null,
            contrato: null,
            valor_centavos: 89,
          },
        ],
      },
      refin: vazio(),
      protestos: vazio(),
      cheques: vazio(),
    },
    consultas: {
      quantidade: 3,
      itens: [{ data: '2026-02-01', segmento: 'BANCOS', quantidade: 3 }],
    },
    avisos: ['Feature SCORE nao processada'],
  };
}

describe('Brazilian formats', () => {
  it('formats centavos as pt-BR reais without ICU', () => {
    expect(formatCentavos(123456)).toBe('R$ 1.234,56');
    expect(formatCentavos(5)).toBe('R$ 0,05');
    expect(formatCentavos(0)).toBe('R$ 0,00');
    expect(formatCentavos(100)).toBe('R$ 1,00');
    expect(formatCentavos(123_456_789)).toBe('R$ 1.234.567,89');
    expect(formatCentavos(-100_000_000)).toBe('-R$ 1.000.000,00');
    expect(formatCentavos(null)).toBe('—');
    expect(formatCentavos(Number.NaN)).toBe('—');
  });

  it('formats dates, instants (Brasilia time) and documents', () => {
    expect(formatDate('2025-03-10')).toBe('10/03/2025');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('ontem')).toBe('ontem');
    expect(formatInstant('2026-03-05T02:30:00.000Z')).toBe(
      '04/03/2026 23:30 (horário de Brasília)',
    );
    expect(formatDocument('00001209523')).toBe('000.012.095-23');
    expect(formatDocument('12345678000195')).toBe('12.345.678/0001-95');
    expect(formatDocument('12.ABC.345/01DE-35')).toBe('12.ABC.345/01DE-35');
    expect(formatDocument('123')).toBe('123');
  });

  it('escapes markup and both quote kinds', () => {
    expect(escapeHtml(XSS)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('printable HTML report', () => {
  it('is a complete, self-contained pt-BR document with print CSS', () => {
    const html = renderRelatorioHtml(relatorioPf(), meta);
    expect(html).toMatch(/^<!doctype html>\n<html lang="pt-BR">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@media print');
    expect(html).toMatch(/@page \{ size: A4;/);
    expect(html.trimEnd()).toMatch(/<\/html>$/);
    // No scripts, no external resources.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|https?:\/\//i);
  });

  it('shows the header, identity, score, pendencias, consultas and avisos', () => {
    const html = renderRelatorioHtml(relatorioPf(), meta);
    for (const text of [
      '<h1>Relatório de Crédito</h1>',
      'serasa_experian',
      'RELATORIO_BASICO_PF_PME',
      'con_01J',
      '05/03/2026 11:30 (horário de Brasília)',
      'MARIA DA SILVA TESTE',
      '<dt>CPF</dt><dd>000.012.095-23</dd>',
      '<dt>Nome da mãe</dt><dd>JOANA DA SILVA</dd>',
      '<dt>Nascimento</dt><dd>10/05/1980</dd>',
      '<dt>Situação cadastral</dt><dd>REGULAR</dd>',
      'RUA DAS FLORES, 10 - SAO PAULO/SP',
      '(11) 3000-0000',
      '<strong>640</strong>',
      'style="width:64.0%"',
      'Modelo HRLD · taxa de inadimplência 9,0%',
      '<td class="num">2</td><td class="num">R$ 1.234.567,89</td>',
      '<td>10/03/2025</td><td>CREDIARIO</td><td>LOJA EXEMPLO</td><td>C-001</td><td class="num">R$ 1.234.567,00</td><td>CAMPINAS/SP</td>',
      '<td>—</td><td>—</td><td>—</td><td>—</td><td class="num">R$ 0,89</td><td>—</td>',
      '3 consulta(s) registrada(s).',
      '<td>01/02/2026</td><td>BANCOS</td><td class="num">3</td>',
      '<li>Feature SCORE nao processada</li>',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('says Nada consta for each empty block, and handles a company without score', () => {
    expect(renderRelatorioHtml(relatorioPf(), meta).match(/Nada consta/g)).toHaveLength(3);
    const pj: RelatorioCredito = {
      ...relatorioPf(),
      tipo_documento: 'cnpj',
      documento: '12345678000195',
      identificacao: { nome: 'EMPRESA TESTE LTDA', data_fundacao: '2001-07-02' },
      score: null,
      pendencias: { pefin: vazio(), refin: vazio(), protestos: vazio(), cheques: vazio() },
      consultas: { quantidade: 0, itens: [] },
      avisos: [],
    };
    const html = renderRelatorioHtml(pj, meta);
    expect(html.match(/Nada consta/g)).toHaveLength(4);
    expect(html).toContain('<dt>CNPJ</dt><dd>12.345.678/0001-95</dd>');
    expect(html).toContain('<dt>Fundação</dt><dd>02/07/2001</dd>');
    expect(html).toContain('<dt>Telefone</dt><dd>—</dd>');
    expect(html).not.toContain('Nome da mãe');
    expect(html).toContain('Score não informado pelo provedor.');
    expect(html).toContain('Nenhum aviso do provedor.');
    expect(html).toContain('0 consulta(s) registrada(s).');
  });

  it('escapes every value that comes from the provider or the caller', () => {
    const r = relatorioPf();
    r.provedor = XSS;
    r.produto = XSS;
    r.identificacao = { nome: XSS, nome_mae: XSS, endereco: `"><img src=x onerror=alert(1)>` };
    r.score = { valor: 640, modelo: XSS, taxa_inadimplencia: XSS, mensagem: XSS };
    r.pendencias.pefin.itens[0] = {
      data: XSS,
      natureza: XSS,
      credor: XSS,
      contrato: XSS,
      valor_centavos: 1,
      cidade: XSS,
      uf: `'`,
    };
    r.consultas.itens = [{ data: XSS, segmento: XSS, quantidade: 1 }];
    r.avisos = [XSS];
    const html = renderRelatorioHtml(r, { consultaId: XSS, integracao: XSS, geradoEm: XSS });
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('/&#39;</td>');
  });
});
