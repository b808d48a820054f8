// `npx tsx scripts/make-icon.ts`: renders media/icon/icon.svg to the Marketplace icon
// media/icon.png (128×128) with the Chromium the e2e tests use. The PNG is committed; run this
// only after changing the SVG.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './vscode-host/host';

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const svg = readFileSync(join(root, 'media', 'icon', 'icon.svg'), 'utf8');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: join(root, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

void main();
