import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { RequestError } from '../domain/errors.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
// No background services phoning home, no GPU in a headless server; the sandbox needs user
// namespaces that containers rarely grant, and the page runs no scripts anyway.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const LAUNCH_TIMEOUT_MS = 30_000;
const PRINT_TIMEOUT_MS = 30_000;
// Same as the report's CSS @page, for HTML that brings no @page of its own.
const MARGIN = { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' };

export interface PdfPrinterOptions {
  /** Chromium to drive; unset: CREDGATE_CHROMIUM_PATH, then the usual Debian/Ubuntu paths. */
  executablePath?: string;
  /** Whole print (context, page, render, PDF), in ms. */
  printTimeoutMs?: number;
}

/**
 * Prints self-contained HTML to PDF with the system Chromium, launched on first use and kept for
 * the next prints (a launch costs far more than a print). Never downloads a browser: playwright-core
 * has no bundled one and is always given an executable path.
 */
export class PdfPrinter {
  private browser: Promise<Browser> | null = null;

  constructor(private readonly options: PdfPrinterOptions = {}) {}

  async print(html: string): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const ms = this.options.printTimeoutMs ?? PRINT_TIMEOUT_MS;
    context.setDefaultTimeout(ms);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`PDF print took more than ${ms} ms`)), ms);
    });
    try {
      // On timeout the context is closed below, which also ends the render still in flight.
      return await Promise.race([render(context, html, ms), timeout]);
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const pending = this.browser;
    this.browser = null;
    if (pending) await (await pending.catch(() => null))?.close();
  }

  /** Single flight: concurrent first prints share one launch; a dead browser is replaced. */
  private async launch(): Promise<Browser> {
    const current = this.browser;
    if (current) {
      const browser = await current;
      if (browser.isConnected()) return browser;
      if (this.browser === current) this.browser = null;
      return this.launch();
    }
    const executablePath = this.executable();
    // Loaded on first print: most processes never print, and playwright-core is large.
    const launching = import('playwright-core')
      .then(({ chromium }) =>
        chromium.launch({ executablePath, args: ARGS, headless: true, timeout: LAUNCH_TIMEOUT_MS }),
      )
      .then((browser) => {
        // A crashed or killed browser is relaunched by the next print.
        browser.on('disconnected', () => {
          if (this.browser === launching) this.browser = null;
        });
        return browser;
      })
      .catch((error: unknown) => {
        if (this.browser === launching) this.browser = null;
        throw unavailable(`o Chromium em ${executablePath} nao iniciou (${firstLine(error)})`);
      });
    this.browser = launching;
    return launching;
  }

  private executable(): string {
    const configured = this.options.executablePath ?? process.env.CREDGATE_CHROMIUM_PATH;
    if (configured) {
      if (!existsSync(configured)) {
        throw unavailable(`o Chromium configurado (${configured}) nao existe`);
      }
      return configured;
    }
    const found = CANDIDATES.find((path) => existsSync(path));
    if (!found) throw unavailable(`nenhum Chromium encontrado em ${CANDIDATES.join(', ')}`);
    return found;
  }
}

async function render(context: BrowserContext, html: string, ms: number): Promise<Buffer> {
  const page = await context.newPage();
  try {
    // The HTML is self-contained: any request it makes is refused.
    await page.route('**/*', (route) =>
      /^(data|about):/.test(route.request().url()) ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load', timeout: ms });
    return await page.pdf({ format: 'A4', printBackground: true, margin: MARGIN });
  } finally {
    await page.close().catch(() => undefined);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The API message stays short and ASCII; the browser's own output can be long and localised.
  return message
    .split('\n')[0]
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 200);
}

function unavailable(cause: string): RequestError {
  return new RequestError(
    503,
    'pdf_indisponivel',
    `PDF indisponivel: ${cause}. Instale o Chromium (Debian/Ubuntu: apt-get install -y chromium) ` +
      'ou aponte chromiumPath / CREDGATE_CHROMIUM_PATH para o executavel. O HTML continua em relatorio.html.',
  );
}
