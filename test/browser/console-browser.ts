import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the screenshots of each screen go (not committed: .gitignore). */
export const SCREENSHOTS = join(process.cwd(), 'test-results');

/** The system Chromium (Debian's package); a browser is never downloaded. */
function chromiumPath(): string {
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

export interface ConsoleBrowser {
  browser: Browser;
  page: Page;
  /** Uncaught page errors and console errors (a CSP violation is one). */
  problems: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** One browser and one page per test file, reused by its tests. */
export async function openConsoleBrowser(): Promise<ConsoleBrowser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    headless: true,
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // 401/404 answers the test provokes on purpose are logged by Chromium as failed resources.
    if (message.type() === 'error' && !/status of 40[14]/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return {
    browser,
    page,
    problems,
    async screenshot(name) {
      await page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
    },
  };
}
