import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { RequestError } from '../domain/errors.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
// No network from the report page, no background services phoning home.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const PRINT_TIMEOUT_MS = 30_000;

/**
 * Prints HTML to PDF with the system Chromium, launched on first use and kept for the next
 * prints (launching costs far more than printing). Never downloads a browser.
 */
export class PdfPrinter {
  private browser: Promise<Browser> | null = null;

  constructor(private readonly options: { executablePath?: string } = {}) {}

  async print(html: string): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(PRINT_TIMEOUT_MS);
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) =>
        /^(data|about):/.test(route.request().url()) ? route.continue() : route.abort(),
      );
      await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
      });
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    const pending = this.browser;
    this.browser = null;
    if (pending) await (await pending.catch(() => null))?.close();
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const executablePath = this.executable();
      const launching = chromium
        .launch({ executablePath, args: ARGS, headless: true })
        .then((browser) => {
          // A crashed browser is relaunched by the next print.
          browser.on('disconnected', () => {
            if (this.browser === launching) this.browser = null;
          });
          return browser;
        })
        .catch((error: unknown) => {
          this.browser = null;
          throw unavailable(
            `o Chromium em ${executablePath} nao iniciou (${(error as Error).message.split('\n')[0]})`,
          );
        });
      this.browser = launching;
    }
    return this.browser;
  }

  private executable(): string {
    const configured = this.options.executablePath ?? process.env.CREDGATE_CHROMIUM_PATH;
    if (configured) {
      if (!existsSync(configured))
        throw unavailable(`o Chromium configurado (${configured}) nao existe`);
      return configured;
    }
    const found = CANDIDATES.find((path) => existsSync(path));
    if (!found) throw unavailable('nenhum Chromium encontrado');
    return found;
  }
}

function unavailable(cause: string): RequestError {
  return new RequestError(
    503,
    'pdf_indisponivel',
    `PDF indisponivel: ${cause}. Instale o Chromium (Debian/Ubuntu: apt-get install -y chromium) ` +
      'ou aponte chromiumPath / CREDGATE_CHROMIUM_PATH para o executavel. O HTML continua em relatorio.html.',
  );
}
