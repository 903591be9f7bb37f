import { describe, expect, it } from 'vitest';
import type { RelatorioCredito } from '../../src/domain/consulta.js';
import { escapeHtml, formatCentavos, formatDate } from '../../src/reports/format-br.js';
import { renderRelatorioHtml } from '../../src/reports/render-relatorio-html.js';

const vazio = { quantidade: 0, valor_centavos: 0, itens: [] };
const relatorio: RelatorioCredito = {
  provedor: 'serasa_experian',
  produto: 'RELATORIO_BASICO_PF_PME',
  tipo_documento: 'cpf',
  documento: '00001209523',
  consultado_em: '2026-03-05T14:30:00.000Z',
  identificacao: {
    nome: 'MARIA <script>alert(1)</script> "DA" SILVA',
    data_nascimento: '1980-05-10',
  },
  score: { valor: 640, modelo: 'HRLD', taxa_inadimplencia: '9,0' },
  pendencias: {
    pefin: {
      quantidade: 1,
      valor_centavos: 123456,
      itens: [
        {
          data: '2025-03-10',
          natureza: 'CREDIARIO',
          credor: 'LOJA',
          contrato: 'C1',
          valor_centavos: 123456,
        },
      ],
    },
    refin: vazio,
    protestos: vazio,
    cheques: vazio,
  },
  consultas: { quantidade: 0, itens: [] },
  avisos: [],
};

describe('printable HTML report', () => {
  it('formats money, dates and escapes every value', () => {
    expect(formatCentavos(123456)).toBe('R$ 1.234,56');
    expect(formatCentavos(5)).toBe('R$ 0,05');
    expect(formatCentavos(-100000000)).toBe('-R$ 1.000.000,00');
    expect(formatDate('2025-03-10')).toBe('10/03/2025');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('renders identity, score, the pendencias summary and details, and Nada consta', () => {
    const html = renderRelatorioHtml(relatorio, {
      consultaId: 'con_1',
      integracao: 'int_1',
      geradoEm: '2026-03-05T14:31:00Z',
    });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('MARIA &lt;script&gt;alert(1)&lt;/script&gt; &quot;DA&quot; SILVA');
    expect(html).toContain('CPF 000.012.095-23');
    expect(html).toContain('R$ 1.234,56');
    expect(html).toContain('10/05/1980');
    expect(html).toContain('640');
    expect(html.match(/Nada consta/g)).toHaveLength(3);
  });
});
