/**
 * End-to-end harness: the real VS Code workbench (code-server 1.100.3) with this extension in
 * development mode, driven in headless Chromium the way a user would.
 *
 * Usage (a test file is `test/e2e/**\/*.e2e.ts`, Mocha BDD UI, run by `npm run test:e2e`;
 * `npm run build` happens once before the run):
 *
 *   import { withWorkbench, THEMES } from './workbench';
 *
 *   for (const theme of THEMES) {
 *     it(`shows the count (${theme})`, () =>
 *       withWorkbench({ theme, settings: { 'tokenCost.model': 'gpt-4o' } }, async (wb) => {
 *         await wb.openFile('system-prompt.md');           // Quick Open, waits for the editor
 *         const text = await wb.statusBarText(/tokens/);   // waits for a matching status bar entry
 *         await wb.page.keyboard.press('Shift+End');       // any Playwright call on the page
 *         await wb.runCommand('Token Cost: Compare');      // command palette, by title
 *         const panel = await wb.webviewFrame('flash');    // iframe of a webview showing 'flash'
 *         await wb.screenshot('status-bar');               // test-results/screenshots/status-bar-<theme>.png
 *       }));
 *   }
 *
 * Options: `workspace` (default test/fixtures/workspace, copied to a temp dir so tests may edit
 * it), `theme` ('light' | 'dark' | 'high-contrast' or any theme name), `settings` (user
 * settings.json), `locale` (e.g. 'zh-cn': installs test/fixtures/language-pack-<locale>, see
 * {@link WorkbenchOptions.locale}), `extension` (how this repo's extension gets in, see
 * {@link WorkbenchOptions.extension}), `extensionsDir`, `timeoutMs` (default 3 minutes).
 *
 * Every call starts its own server and browser and always stops both, also when the callback
 * throws or times out; Ctrl-C and a hard timeout for the whole run (E2E_TIMEOUT_MS, default 30
 * minutes) stop everything too. Set VSCODE_HOST_VERBOSE=1 to see the workbench's console.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { guardProcess, launchBrowser, startCodeServer } from '../../scripts/vscode-host/host';
import { FIXTURE_WORKSPACE, REPO_ROOT, SCREENSHOT_DIR } from '../../scripts/vscode-host/paths';
import { webOnlyExtension } from '../../scripts/vscode-host/webExtension';

// 30 minutes: room for the other suites plus the soak test (soak.e2e.ts, about 4 minutes) on a busy machine.
guardProcess('test:e2e', Number(process.env.E2E_TIMEOUT_MS ?? 30 * 60_000));

/** The two themes every visual check is taken in. */
export const THEMES = ['light', 'dark'] as const;

const THEME_NAMES: Record<string, string> = {
  light: 'Default Light Modern',
  dark: 'Default Dark Modern',
  'high-contrast': 'Default High Contrast',
};

/**
 * Settings under which typing lands as typed: nothing auto-closes, completes or indents (for tests
 * that type text and check what the extension makes of it).
 */
export const PLAIN_TYPING: Record<string, unknown> = {
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'workbench.editor.untitled.hint': 'hidden',
};

/** Options for {@link withWorkbench}. */
export interface WorkbenchOptions {
  workspace?: string;
  theme?: string;
  settings?: Record<string, unknown>;
  /**
   * Display language, e.g. 'zh-cn'. VS Code ignores `--locale` unless a language pack for it is
   * installed, and none can be downloaded here, so this installs the test-only pack
   * test/fixtures/language-pack-<locale>/: it has no translations, so VS Code's own UI stays
   * English, but `vscode.env.language` is the locale and extensions show their own translations.
   */
  locale?: string;
  /**
   * 'linked' (default): this repo is symlinked into the throw-away extensions dir, so VS Code
   * loads it as an installed extension — as users run it, and the only way `workbench.colorTheme`
   * is honoured (an Extension Development Host ignores it).
   * 'development': loaded through the `payload` as in F5 debugging (light theme only).
   * 'none': only what is already in `extensionsDir` (e.g. an installed .vsix).
   * 'web': a copy of the manifest without `main`, loaded through the `payload`: the `browser`
   * entry runs in the browser's web worker extension host, as on vscode.dev (light theme only).
   */
  extension?: 'linked' | 'development' | 'none' | 'web';
  extensionsDir?: string;
  timeoutMs?: number;
  /** Extra environment for the server and its extension host. */
  env?: NodeJS.ProcessEnv;
  /** Extra files written into the copied workspace before the workbench opens (see host.ts). */
  files?: Readonly<Record<string, string>>;
  /**
   * Extra user keybindings (keybindings.json), e.g. a key for a command a test runs often. The
   * harness's own ping key is always bound as well.
   */
  keybindings?: readonly { key: string; command: string; when?: string }[];
}

/**
 * Key bound to the extension's test-only `tokenCost.test.ping` command (registered only with
 * TOKEN_COST_TEST_HOOKS=1, which every e2e run sets): see {@link Workbench.hostRoundTrip}.
 */
const PING_KEY = 'ctrl+alt+shift+f9';
/** The same key as Playwright names it. */
const PING_PRESS = 'Control+Alt+Shift+F9';

/** One answer of the extension host to the ping command. */
export interface HostPing {
  /** From the key press to the answer on the page. */
  readonly roundTripMs: number;
  /**
   * Longest hold-up of the host's event loop since the previous ping (about 10 ms resolution);
   * `undefined` where the host cannot measure it (the web worker host).
   */
  readonly hostLoopDelayMs: number | undefined;
}

/** What a test gets to drive and read the workbench. */
export interface Workbench {
  /** The Playwright page showing the workbench. */
  page: Page;
  /** Absolute path of the (copied) workspace folder. */
  workspace: string;
  /** The theme name in effect ('light', 'dark', ...). */
  theme: string;
  /** Opens a workspace file through Quick Open and waits for its editor tab to be active. */
  openFile(relativePath: string): Promise<void>;
  /** Runs a command from the command palette by (a unique part of) its title. */
  runCommand(title: string): Promise<void>;
  /** Waits for a status bar entry whose text matches and returns its text. */
  statusBarText(match: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Texts of all visible status bar entries (for debugging and negative checks). */
  statusBarTexts(): Promise<string[]>;
  /** Waits for a webview's content frame (optionally one whose text contains `containing`). */
  webviewFrame(containing?: string | RegExp, timeoutMs?: number): Promise<Frame>;
  /** Saves a full-page PNG as test-results/screenshots/<name>-<theme>.png; returns the path. */
  screenshot(name: string): Promise<string>;
  /**
   * Milliseconds for a command to go to the extension host and its answer to come back to the
   * page (a key bound to a test-only command that writes a status bar message). A blocked or
   * live-locked extension host makes this long; it throws after `timeoutMs`.
   */
  hostRoundTrip(timeoutMs?: number): Promise<number>;
  /**
   * The same round trip, with the longest time the extension host's event loop was held up since
   * the previous ping (measured in the host, so a slow page or a busy machine does not count).
   */
  hostPing(timeoutMs?: number): Promise<HostPing>;
  /** The title of the active editor tab in the active group ('' when none). */
  activeTabTitle(): Promise<string>;
  /** The browser's clipboard text (what Ctrl+C in the workbench copied). */
  clipboardText(): Promise<string>;
  /** Puts `text` on the browser's clipboard (for Ctrl+V in the workbench). */
  setClipboardText(text: string): Promise<void>;
  /** Console errors the workbench logged that come from this extension or its extension host. */
  readonly extensionErrors: string[];
  /** The throw-away user data dir (logs live under it). */
  readonly userDataDir: string;
}

const textMatches = (text: string, match: string | RegExp): boolean =>
  typeof match === 'string' ? text.includes(match) : match.test(text);

/** Starts code-server + Chromium, opens the workbench, runs `body`, always cleans up. */
export async function withWorkbench<T>(options: WorkbenchOptions, body: (workbench: Workbench) => Promise<T>): Promise<T> {
  const theme = options.theme ?? 'light';
  const server = await startCodeServer({
    workspace: options.workspace ?? FIXTURE_WORKSPACE,
    settings: { 'workbench.colorTheme': THEME_NAMES[theme] ?? theme, ...options.settings },
    ...(options.locale ? { locale: options.locale } : {}),
    // English is built in; any other language needs a pack.
    ...(options.locale && !/^en\b/i.test(options.locale) ? { languagePack: testLanguagePack(options.locale) } : {}),
    ...(options.extensionsDir ? { extensionsDir: options.extensionsDir } : {}),
    ...(options.files ? { files: options.files } : {}),
    keybindings: [{ key: PING_KEY, command: 'tokenCost.test.ping' }, ...(options.keybindings ?? [])],
    env: { TOKEN_COST_TEST_HOOKS: '1', ...options.env },
  });
  const mode = options.extension ?? 'linked';
  if (mode === 'linked') linkExtension(server.extensionsDir);
  let browser;
  try {
    browser = await launchBrowser();
    // Clipboard access lets a test copy editor text (Ctrl+C) and read it back, or paste its own.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const extensionErrors: string[] = [];
    page.on('console', (message) => {
      if (process.env.VSCODE_HOST_VERBOSE) process.stdout.write(`      [browser ${message.type()}] ${message.text()}\n`);
      if (message.type() === 'error' && /token-?cost/i.test(message.text())) extensionErrors.push(message.text());
    });
    page.on('pageerror', (error) => process.stderr.write(`      [workbench error] ${error.message}\n`));
    const developmentPath = mode === 'development' ? REPO_ROOT : mode === 'web' ? webOnlyExtension() : undefined;
    await page.goto(server.workbenchUrl(developmentPath ? { extensionDevelopmentPath: developmentPath } : undefined));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the remote connection and file service are up.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    // The workbench paints a default theme first and the configured one when settings arrive.
    await page.locator('.monaco-workbench[class*="vscode-theme-"]').waitFor({ state: 'attached', timeout: 30_000 });

    const workbench = createWorkbench(page, server.workspace, theme, extensionErrors, server.userDataDir);
    const timeoutMs = options.timeoutMs ?? 3 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`e2e body did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
      return await Promise.race([body(workbench), timeout]);
    } catch (error) {
      // A picture of the moment of failure is worth more than the stack.
      const path = await workbench.screenshot('FAILED').catch(() => '');
      if (path && error instanceof Error) error.message += `\n      screenshot: ${path}`;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

/** The test-only language pack for `locale`; throws when there is none (VS Code would stay English). */
function testLanguagePack(locale: string): string {
  const dir = join(REPO_ROOT, 'test', 'fixtures', `language-pack-${locale.toLowerCase()}`);
  if (!existsSync(join(dir, 'package.json'))) {
    throw new Error(`locale '${locale}' needs a test language pack in ${dir} (see test/fixtures/language-pack-zh-cn)`);
  }
  return dir;
}

/** Makes this repo an installed extension of `extensionsDir` (VS Code scans folders named id-version). */
function linkExtension(extensionsDir: string): void {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  symlinkSync(REPO_ROOT, join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
}

function createWorkbench(page: Page, workspace: string, theme: string, extensionErrors: string[], userDataDir: string): Workbench {
  const quickInput = page.locator('.quick-input-widget');
  const pingTexts = async (): Promise<string[]> => (await workbench.statusBarTexts()).filter((text) => /^Token Cost ping \d+\b/.test(text));

  const workbench: Workbench = {
    page,
    workspace,
    theme,
    extensionErrors,
    userDataDir,

    async openFile(relativePath) {
      const name = basename(relativePath);
      // In the active group: the same file may be open, and active, in another group too.
      const opened = page.locator('.part.editor .editor-group-container.active .tabs-container .tab.active', { hasText: name }).first();
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+P');
        await quickInput.waitFor({ state: 'visible' });
        await page.keyboard.type(relativePath);
        // Click the row itself: the top row is not always the file asked for (fuzzy ranking).
        const row = quickInput.locator('.monaco-list-row', { hasText: name }).first();
        await row.waitFor();
        await row.click();
        if (attempt === 3) {
          await opened.waitFor();
          break;
        }
        if (await opened.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
        // The list is redrawn as search results come in: a click can land between two drawings
        // and pick nothing, Quick Open staying open. That is retried; a webview taking the focus
        // away is not (it would be the extension's doing).
        if ((await page.evaluate('document.activeElement && document.activeElement.tagName')) === 'IFRAME') {
          throw new Error(`Quick Open for ${relativePath} lost the keyboard focus to a webview`);
        }
        if (await quickInput.isVisible()) await page.keyboard.press('Escape');
      }
      // A text editor, or a notebook (whose cells are editors only once focused).
      await page.locator('.editor-instance .monaco-editor .view-lines, .notebook-editor .monaco-list-row').filter({ visible: true }).first().waitFor();
    },

    async runCommand(title) {
      await page.keyboard.press('F1');
      await quickInput.waitFor({ state: 'visible' });
      await page.keyboard.type(title);
      // Click the row itself: "File: New Untitled Text File" may rank below "File: Compare New
      // Untitled Text Files", and Enter would run the top row.
      const row = quickInput.locator('.monaco-list-row', { hasText: title }).first();
      await row.waitFor();
      await row.click();
      // Done when the palette closed or turned into the command's own quick pick.
      // (A string: this project type-checks without the DOM library.)
      await page.waitForFunction(`(() => {
        const widget = document.querySelector('.quick-input-widget');
        const input = widget && widget.querySelector('input');
        return !widget || widget.style.display === 'none' || !input || !input.value.startsWith('>');
      })()`);
    },

    async statusBarText(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const texts = await workbench.statusBarTexts();
        const found = texts.find((text) => textMatches(text, match));
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          throw new Error(`no status bar entry matches ${String(match)} after ${timeoutMs / 1000} s; entries: ${JSON.stringify(texts)}`);
        }
        await page.waitForTimeout(250);
      }
    },

    async statusBarTexts() {
      const texts = await page.locator('.part.statusbar .statusbar-item').allInnerTexts();
      return texts.map((text) => text.replace(/\s+/g, ' ').trim()).filter((text) => text.length > 0);
    },

    async webviewFrame(containing, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // A webview is an outer host iframe (index.html) holding the content iframe (fake.html).
        for (const frame of page.frames()) {
          if (!frame.url().includes('fake.html')) continue;
          if (containing === undefined) return frame;
          const text = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
          if (textMatches(text, containing)) return frame;
        }
        if (Date.now() > deadline) throw new Error(`no webview showing ${String(containing ?? '(any)')} after ${timeoutMs / 1000} s`);
        await page.waitForTimeout(250);
      }
    },

    async hostRoundTrip(timeoutMs = 30_000) {
      return (await workbench.hostPing(timeoutMs)).roundTripMs;
    },

    async hostPing(timeoutMs = 30_000) {
      const before = new Set(await pingTexts());
      const started = Date.now();
      await page.keyboard.press(PING_PRESS);
      // Polled every animation frame: the figure is the round trip, not a polling interval.
      const answer = await page.waitForFunction(
        `[...document.querySelectorAll('.part.statusbar .statusbar-item')].map((el) => el.textContent.trim()).find((text) => /^Token Cost ping \\d+\\b/.test(text) && !${JSON.stringify([...before])}.includes(text)) || false`,
        undefined,
        { polling: 'raf', timeout: timeoutMs },
      );
      const roundTripMs = Date.now() - started;
      const text = (await answer.jsonValue()) as string;
      const loop = / loop (\d+) ms$/.exec(text)?.[1];
      return { roundTripMs, hostLoopDelayMs: loop === undefined ? undefined : Number(loop) };
    },

    async activeTabTitle() {
      const tab = page.locator('.part.editor .editor-group-container.active .tabs-container .tab.active').first();
      if ((await tab.count()) === 0) return '';
      return ((await tab.getAttribute('aria-label')) ?? (await tab.innerText())).trim();
    },

    async clipboardText() {
      return (await page.evaluate('navigator.clipboard.readText()')) as string;
    },

    async setClipboardText(text) {
      await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
    },

    async screenshot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}-${theme}.png`);
      await page.screenshot({ path });
      return path;
    },
  };
  return workbench;
}
