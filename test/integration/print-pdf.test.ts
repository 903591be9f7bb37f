import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RelatorioCredito } from '../../src/domain/consulta.js';
import { RequestError } from '../../src/domain/errors.js';
import { PdfPrinter } from '../../src/reports/print-pdf.js';
import { renderRelatorioHtml } from '../../src/reports/render-relatorio-html.js';
import { extractPdfText } from '../support/pdf-text.js';

// No database: runs the same in both vitest projects.
const relatorio: RelatorioCredito = {
  provedor: 'serasa_experian',
  produto: 'RELATORIO_BASICO_PF_PME',
  tipo_documento: 'cpf',
  documento: '00001209523',
  consultado_em: '2026-03-05T14:30:00.000Z',
  identificacao: { nome: 'MARIA DA SILVA TESTE', data_nascimento: '1980-05-10' },
  score: { valor: 640, modelo: 'HRLD', taxa_inadimplencia: '9,0' },
  pendencias: {
    pefin: {
      quantidade: 1,
      valor_centavos: 123456,
      itens: [
        {
          data: '2025-03-10',
          natureza: 'CREDIARIO',
          credor: 'LOJA EXEMPLO',
          contrato: 'C-001',
          valor_centavos: 123456,
          cidade: 'CAMPINAS',
          uf: 'SP',
        },
      ],
    },
    refin: { quantidade: 0, valor_centavos: 0, itens: [] },
    protestos: { quantidade: 0, valor_centavos: 0, itens: [] },
    cheques: { quantidade: 0, valor_centavos: 0, itens: [] },
  },
  consultas: { quantidade: 0, itens: [] },
  avisos: [],
};
const html = renderRelatorioHtml(relatorio, {
  consultaId: 'con_pdf',
  integracao: 'int_pdf',
  geradoEm: '2026-03-05T14:31:00Z',
});

describe('PDF printing with the system Chromium', () => {
  const printer = new PdfPrinter();
  afterAll(async () => {
    await printer.close();
  });

  it('prints a rendered report to a PDF whose text carries the report', async () => {
    const pdf = await printer.print(html);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await extractPdfText(pdf);
    expect(text).toContain('MARIA DA SILVA TESTE');
    expect(text).toContain('R$ 1.234,56');
    expect(text).toContain('Nada consta');
  });

  it('reuses one browser for concurrent prints', async () => {
    const [a, b] = await Promise.all([printer.print(html), printer.print(html)]);
    expect(a.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(b.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('relaunches a browser that went away', async () => {
    const browser = await (printer as unknown as { browser: Promise<Browser> }).browser;
    await browser.close();
    const pdf = await printer.print(html);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  describe('network from the page', () => {
    let server: Server;
    let hits = 0;
    beforeAll(async () => {
      server = createServer((_, res) => {
        hits += 1;
        res.end('x');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('is blocked: the HTML must be self-contained', async () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const pdf = await printer.print(
        `<!doctype html><html><head><link rel="stylesheet" href="${url}/a.css"></head>` +
          `<body><img src="${url}/b.png"><p>sem rede</p></body></html>`,
      );
      expect(await extractPdfText(pdf)).toContain('sem rede');
      expect(hits).toBe(0);
    });
  });
});

describe('PDF printing without Chromium', () => {
  it('answers 503 pdf_indisponivel, with the fix, when CREDGATE_CHROMIUM_PATH does not exist', async () => {
    vi.stubEnv('CREDGATE_CHROMIUM_PATH', '/nao/existe/chromium');
    const missing = new PdfPrinter();
    try {
      const error = await missing.print('<p>x</p>').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestError);
      expect(error).toMatchObject({ status: 503, codigo: 'pdf_indisponivel' });
      expect((error as Error).message).toContain('apt-get install -y chromium');
      expect((error as Error).message).toContain('CREDGATE_CHROMIUM_PATH');
      expect((error as Error).message).toMatch(/^[\x20-\x7e]+$/);
    } finally {
      vi.unstubAllEnvs();
      await missing.close();
    }
  });

  it('answers 503 when the executable exists but does not start a browser', async () => {
    const broken = new PdfPrinter({ executablePath: '/bin/false' });
    try {
      const error = await broken.print('<p>x</p>').catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 503, codigo: 'pdf_indisponivel' });
    } finally {
      await broken.close();
    }
  });
});
