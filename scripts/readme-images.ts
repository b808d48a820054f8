// `npx tsx scripts/readme-images.ts`: after `npm run test:e2e`, copies the screenshots the README
// and the Get Started walkthrough show from test-results/screenshots/ into media/readme/ and
// media/walkthrough/, cropped to the part that matters. The copies are committed; the e2e run
// is what makes them, so they always show the extension as it is.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { launchBrowser } from './vscode-host/host';

const root = join(__dirname, '..');
const shots = join(root, 'test-results', 'screenshots');

/** A picture: which screenshot, where it goes, and the part of the 1400×900 window to keep. */
interface Picture {
  readonly from: string;
  readonly to: string;
  readonly clip?: { x: number; y: number; width: number; height: number };
}

const EDITOR_AND_PANEL = { x: 340, y: 0, width: 1060, height: 900 };
const PANEL = { x: 870, y: 30, width: 530, height: 870 };
const QUICK_PICK = { x: 340, y: 0, width: 720, height: 520 };
const STATUS_TOOLTIP = { x: 800, y: 420, width: 600, height: 480 };
/** The Explorer's selection and the Context view's models and files (the panel maximized). */
const CONTEXT_VIEW = { x: 0, y: 0, width: 1000, height: 500 };

const PICTURES: readonly Picture[] = [
  { from: 'comparison-light.png', to: 'media/readme/comparison.png', clip: EDITOR_AND_PANEL },
  { from: 'status-tooltip-light.png', to: 'media/readme/status-tooltip.png', clip: STATUS_TOOLTIP },
  { from: 'status-tooltip-dark.png', to: 'media/readme/status-tooltip-dark.png', clip: STATUS_TOOLTIP },
  { from: 'request-tooltip-light.png', to: 'media/readme/prompt-file-request.png', clip: EDITOR_AND_PANEL },
  { from: 'context-view-light.png', to: 'media/readme/context-view.png', clip: CONTEXT_VIEW },
  { from: 'sections-budget-light.png', to: 'media/readme/sections-budget.png' },
  { from: 'locale-zh-cn-panel-light.png', to: 'media/readme/comparison-zh-cn.png', clip: PANEL },
  { from: 'quick-pick-light.png', to: 'media/walkthrough/pick-model.png', clip: QUICK_PICK },
  { from: 'comparison-light.png', to: 'media/walkthrough/compare.png', clip: PANEL },
  { from: 'comparison-detail-light.png', to: 'media/walkthrough/calls-per-day.png', clip: PANEL },
  { from: 'status-tooltip-light.png', to: 'media/walkthrough/exact-count.png', clip: STATUS_TOOLTIP },
];

async function main(): Promise<void> {
  const missing = PICTURES.filter((picture) => !existsSync(join(shots, picture.from)));
  if (missing.length) {
    process.stderr.write(`not in test-results/screenshots (run npm run test:e2e first), kept as they were: ${missing.map((picture) => picture.from).join(', ')}\n`);
    process.exitCode = 1;
  }
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    for (const picture of PICTURES.filter((candidate) => !missing.includes(candidate))) {
      const data = readFileSync(join(shots, picture.from)).toString('base64');
      await page.setContent(`<html><body style="margin:0"><img src="data:image/png;base64,${data}"></body></html>`);
      await page.locator('img').waitFor();
      const target = join(root, picture.to);
      mkdirSync(dirname(target), { recursive: true });
      await page.screenshot({ path: target, clip: picture.clip ?? { x: 0, y: 0, width: 1400, height: 900 } });
      process.stdout.write(`${picture.to}\n`);
    }
  } finally {
    await browser.close();
  }
}

void main();
