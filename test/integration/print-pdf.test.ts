import { afterAll, describe, expect, it } from 'vitest';
import { RequestError } from '../../src/domain/errors.js';
import { PdfPrinter } from '../../src/reports/print-pdf.js';
import { extractPdfText } from '../support/pdf-text.js';

describe('PDF printing with the system Chromium', () => {
  const printer = new PdfPrinter();
  afterAll(async () => {
    await printer.close();
  });

  it('prints a real PDF whose text carries the page content', async () => {
    const pdf = await printer.print(
      '<!doctype html><html><body><h1>MARIA DA SILVA TESTE</h1></body></html>',
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await extractPdfText(pdf)).toContain('MARIA DA SILVA TESTE');
  });

  it('answers 503 pdf_indisponivel, with the fix, when Chromium is missing', async () => {
    const missing = new PdfPrinter({ executablePath: '/nao/existe/chromium' });
    const error = await missing.print('<p>x</p>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ status: 503, codigo: 'pdf_indisponivel' });
    expect((error as Error).message).toContain('apt-get install -y chromium');
  });
});
