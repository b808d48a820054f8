/**
 * The soak walk's user actions, done in the workbench the way a user does them (Quick Open, the
 * command palette, clicks on tabs, the status bar and the panel, keys in the editor). An action
 * that does not apply to what is on screen (typing with only the panel open) says "skipped" and
 * does nothing, so the walk stays the one its seed planned.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCatalog } from '../../../src/core/pricing/bundled';
import type { Workbench } from '../../support/workbench';
import { SOAK_THEMES, type SOAK_THEME_IDS, type SoakAction, type SOAK_MODELS } from './plan';
import { activeEditor, focusTextEditor, PANEL_TITLE, panelFrame, SOAK_KEYS, tabNames, textGroups, visibleTabs, waitUntil } from './ui';

/** A model as the status bar names it, with the tokenizer the oracle counts with. */
export interface SoakModel {
  readonly id: string;
  /** What the status bar entry ends with ("gpt-5-mini"). */
  readonly bare: string;
  readonly tokenizer: string;
}

/** The catalog's entry for `id`: the tokenizer the extension counts this model with. */
export function soakModel(id: (typeof SOAK_MODELS)[number]): SoakModel {
  const model = bundledCatalog().find(id);
  if (!model) throw new Error(`the catalog has no ${id}`);
  return { id: model.id, bare: model.id.replace(/^.*\//, ''), tokenizer: model.tokenizer };
}

/** What the walk has changed and must remember: the picked model and the colour theme. */
export interface WalkState {
  model: SoakModel;
  theme: keyof typeof SOAK_THEME_IDS;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SKIP_NO_TEXT = 'skipped: no text editor on screen';

/** Does `action`; returns what was done ("skipped: …" when it did not apply). */
export async function perform(wb: Workbench, action: SoakAction, state: WalkState): Promise<string> {
  const { page } = wb;
  switch (action.kind) {
    case 'open': {
      await wb.openFile(action.file);
      if (!action.file.endsWith('.ipynb') || !action.focusCell) return 'opened';
      // A notebook open in two groups shares one widget: the other group's copy is inert, and
      // the active group's copy can turn inert while the widget moves between them (a click
      // then waits for ever): look again for a cell that takes the click.
      const cells = page.locator('.notebook-editor .cell-editor-container .view-lines').filter({ visible: true });
      const deadline = Date.now() + 5000;
      do {
        for (let i = 0; i < (await cells.count()); i++) {
          if (await cells.nth(i).evaluate('(el) => el.closest("[inert]") !== null').catch(() => true)) continue;
          const clicked = await cells
            .nth(i)
            .click({ timeout: 2000 })
            .then(() => true)
            .catch(() => false);
          if (clicked) return 'opened, clicked into the first code cell';
        }
        await page.waitForTimeout(200);
      } while (Date.now() < deadline);
      return 'opened (no cell took a click)';
    }
    case 'untitled': {
      const before = new Set(await tabNames(page));
      await wb.runCommand('File: New Untitled Text File');
      let name = '';
      await waitUntil(page, async () => {
        name = (await activeEditor(wb)).name;
        return /^Untitled-\d+$/.test(name) && !before.has(name);
      }, 'no new untitled editor became active');
      await focusTextEditor(wb);
      await page.keyboard.type(action.text, { delay: 5 });
      return `typed into ${name}`;
    }
    case 'switchTab': {
      const tabs = visibleTabs(page);
      const count = await tabs.count();
      if (count === 0) return 'skipped: no tabs';
      const tab = tabs.nth(Math.floor(action.pick * count));
      const label = (await tab.getAttribute('aria-label')) ?? '';
      await tab.click();
      await waitUntil(page, async () => /\bactive\b/.test((await tab.getAttribute('class')) ?? ''), `the tab ${label} did not become active`);
      return `clicked ${label}`;
    }
    case 'close': {
      const active = await activeEditor(wb);
      if (active.kind === 'none') return 'skipped: no editor';
      const before = (await tabNames(page)).length;
      // A text editor may hold unsaved edits: "Revert and Close" closes it without a save prompt.
      if (active.kind === 'panel') await page.keyboard.press(SOAK_KEYS.closeEditor.press);
      else await wb.runCommand('View: Revert and Close Editor');
      await waitUntil(page, async () => (await tabNames(page)).length === before - 1, `${active.name} did not close`);
      return `closed ${active.name}`;
    }
    case 'type': {
      const name = await focusTextEditor(wb);
      if (!name) return SKIP_NO_TEXT;
      if (action.where === 'end') await page.keyboard.press('Control+End');
      if (action.where === 'start') await page.keyboard.press('Control+Home');
      if (action.where === 'line') {
        await page.keyboard.press('Control+Home');
        for (let i = 0; i < action.line; i++) await page.keyboard.press('ArrowDown');
        await page.keyboard.press('End');
      }
      if (action.newline) await page.keyboard.press('Enter');
      if (action.via === 'ime') await page.keyboard.insertText(action.text);
      else await page.keyboard.type(action.text, { delay: action.delayMs });
      return `typed into ${name}`;
    }
    case 'paste': {
      const name = await focusTextEditor(wb);
      if (!name) return SKIP_NO_TEXT;
      // Through the clipboard, one edit as for a user. (Playwright's insertText of a block lands
      // here as one edit per character: 6,000 instant keystrokes, which kept the workbench's own
      // renderer busy for 0.5–2 s on a busy machine while the extension host sat idle.)
      await wb.setClipboardText(action.text);
      await page.keyboard.press('Control+V');
      return `pasted into ${name}`;
    }
    case 'select': {
      const name = await focusTextEditor(wb);
      if (!name) return SKIP_NO_TEXT;
      const press = async (key: string, times: number): Promise<void> => {
        for (let i = 0; i < times; i++) await page.keyboard.press(key);
      };
      switch (action.how) {
        case 'shiftArrows':
          await press(action.key, action.repeat);
          break;
        case 'all':
          await press('Control+A', 1);
          break;
        case 'toEnd':
          await press('Control+Shift+End', 1);
          break;
        case 'toStart':
          await press('Control+Shift+Home', 1);
          break;
        case 'words':
          await press('Control+Shift+ArrowRight', action.repeat);
          break;
        case 'nextMatch':
          // Several selections at once: the entry shows their sum.
          await press('Control+D', Math.min(action.repeat, 5));
          break;
        case 'collapse':
          await press('Escape', 1);
          break;
      }
      return `in ${name}`;
    }
    case 'delete': {
      const name = await focusTextEditor(wb);
      if (!name) return SKIP_NO_TEXT;
      for (let i = 0; i < action.repeat; i++) await page.keyboard.press(action.key);
      return `in ${name}`;
    }
    case 'undo': {
      const name = await focusTextEditor(wb);
      if (!name) return SKIP_NO_TEXT;
      for (let i = 0; i < action.repeat; i++) await page.keyboard.press(action.redo ? 'Control+Shift+Z' : 'Control+Z');
      return `in ${name}`;
    }
    case 'openPanel': {
      await wb.runCommand('Token Cost: Compare Models');
      await page.locator('.part.editor .tabs-container .tab', { hasText: PANEL_TITLE }).first().waitFor({ timeout: 10_000 });
      await panelFrame(wb, 30_000);
      return 'panel shown';
    }
    case 'closePanel': {
      const tab = visibleTabs(page).filter({ hasText: PANEL_TITLE }).first();
      if ((await tab.count()) === 0) return 'skipped: the panel is not open (or hidden)';
      await tab.hover();
      await tab.locator('.tab-actions .action-label').first().click();
      await waitUntil(page, async () => !(await tabNames(page)).includes(PANEL_TITLE), 'the panel did not close');
      return 'closed with its tab’s close button';
    }
    case 'resize':
      return resize(wb, action);
    case 'panelControl':
      return changePanelControl(wb, action);
    case 'pickModel':
      return pickModel(wb, action, state);
    case 'theme':
      return pickTheme(wb, action, state);
    case 'report': {
      const name = await focusTextEditor(wb);
      if (!name) return SKIP_NO_TEXT;
      const before = new Set(await tabNames(page));
      await wb.runCommand('Token Cost: Show Report for Active File');
      // The report counts the text with every compared model first (vocabularies load on first use).
      await waitUntil(page, async () => (await tabNames(page)).some((tab) => /^Untitled-\d+$/.test(tab) && !before.has(tab)), 'no report opened', 60_000);
      return `report of ${name} opened`;
    }
    case 'context':
      return contextMove(wb, action);
    case 'tokenView': {
      const name = await focusTextEditor(wb);
      if (!name) return SKIP_NO_TEXT;
      await wb.runCommand('Token Cost: Show Tokens (toggle for this editor)');
      // Back in the editor (the palette returns the focus there), then a new visible range.
      for (let i = 0; i < action.pages; i++) await page.keyboard.press('PageDown');
      return `toggled in ${name}`;
    }
    case 'sections':
      return sectionsMove(wb, action);
    case 'focusEditor': {
      const groups = await textGroups(page);
      if (groups.length === 0) return SKIP_NO_TEXT;
      const target = groups[Math.floor(action.pick * groups.length)]!;
      // The text area as it shows in the group (the lines element runs on under its neighbours
      // when the text is wider than the group).
      const text = target.group.locator('.editor-container .monaco-editor .editor-scrollable').first();
      const clicked = await text
        .click({ timeout: 5000 })
        .then(() => true)
        .catch(() => false);
      if (clicked) return `clicked into ${target.name}`;
      // Covered (a notebook's output webview can lie over a neighbouring group): its tab, then.
      await target.group.locator('.tabs-container .tab.active').first().click();
      return `clicked the tab of ${target.name} (its text was covered)`;
    }
    case 'wait':
      await page.waitForTimeout(action.ms);
      return 'waited';
  }
}

/** The Context view's moves that are palette commands (titles as the palette lists them). */
const CONTEXT_COMMANDS = {
  addOpenEditors: 'Token Cost: Add Open Editors to Context',
  addSelection: 'Token Cost: Add Selection to Context',
  countOpenEditors: 'Token Cost: Count Open Editors',
  copyPrompt: 'Token Cost: Copy Context as One Prompt',
  recount: 'Token Cost: Recount Context',
  clear: 'Token Cost: Clear Context',
} as const;

async function contextMove(wb: Workbench, action: Extract<SoakAction, { kind: 'context' }>): Promise<string> {
  const { page } = wb;
  switch (action.move) {
    case 'explorerCount': {
      // The fixture folder context/ (sources, a log, an image that is skipped), as a user counts it.
      const row = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: /^\s*context\s*$/ }).filter({ visible: true }).first();
      if ((await row.count()) === 0) return 'skipped: the Explorer does not show the folder context/';
      await row.click({ button: 'right' });
      // VS Code's menus act on the focused item: point at it, then Enter.
      await page.locator('.context-view .monaco-menu .action-item', { hasText: 'Count Tokens' }).first().hover();
      await page.keyboard.press('Enter');
      return 'counted the folder context/ from the Explorer';
    }
    case 'sort': {
      const button = page.locator('.part.panel .action-label[aria-label^="Sort by"]').filter({ visible: true }).first();
      if ((await button.count()) === 0) return 'skipped: the Context view is not on screen';
      const label = await button.getAttribute('aria-label');
      await button.click();
      return `clicked ${label}`;
    }
    case 'hidePanel':
      await page.keyboard.press(SOAK_KEYS.hidePanel.press);
      return 'hid the bottom panel';
    default:
      await wb.runCommand(CONTEXT_COMMANDS[action.move]);
      return `ran ${CONTEXT_COMMANDS[action.move]}`;
  }
}

/** The Token Sections view (in the Explorer): shown, then a row clicked (it reveals the section) or sorted. */
async function sectionsMove(wb: Workbench, action: Extract<SoakAction, { kind: 'sections' }>): Promise<string> {
  const { page } = wb;
  await wb.runCommand('Focus on Token Sections View');
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Token Sections' }) });
  if (action.how === 'sort') {
    const button = pane.locator('.action-label[aria-label^="Sort Sections"]').first();
    // The title's buttons show while the pointer is over the view.
    await pane.locator('.pane-header').first().hover();
    if ((await button.count()) === 0 || !(await button.isVisible())) return 'skipped: no sort button on screen';
    const label = await button.getAttribute('aria-label');
    await button.click();
    // Away from the title, whose hover would otherwise stay up over the view.
    await page.mouse.move(0, 0);
    return `clicked ${label}`;
  }
  const rows = pane.locator('.monaco-list-row').filter({ visible: true });
  // The rows come once the view has asked for them.
  await rows.first().waitFor({ timeout: 3000 }).catch(() => undefined);
  const count = await rows.count();
  if (count === 0) return 'skipped: no sections shown';
  const row = rows.nth(Math.floor(action.pick * count));
  const label = (await row.innerText()).replace(/\s+/g, ' ').trim();
  await row.click();
  return `clicked "${label.slice(0, 60)}"`;
}

/** The palette commands that resize editor groups (titles as the palette lists them). */
const RESIZE_COMMANDS = {
  wider: 'Increase Editor Width',
  narrower: 'Decrease Editor Width',
  even: 'View: Reset Editor Group Sizes',
  maximize: 'View: Toggle Maximize Editor Group',
} as const;

async function resize(wb: Workbench, action: Extract<SoakAction, { kind: 'resize' }>): Promise<string> {
  const { page } = wb;
  if (action.how === 'window') {
    const width = Math.min(1700, Math.max(1000, 1400 + action.amount));
    await page.setViewportSize({ width, height: 900 });
    return `window ${width}×900`;
  }
  if ((await page.locator('.part.editor .editor-group-container').count()) < 2) return 'skipped: one editor group';
  switch (action.how) {
    case 'drag': {
      const sash = page.locator('.part.editor .monaco-sash.vertical').filter({ visible: true }).first();
      // (A maximized group hides the others and the sash.)
      const box = (await sash.count()) > 0 ? await sash.boundingBox() : null;
      if (!box) return 'skipped: no sash on screen';
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + action.amount, y, { steps: 8 });
      await page.mouse.up();
      return 'dragged the sash between the groups';
    }
    default:
      await wb.runCommand(RESIZE_COMMANDS[action.how]);
      return `ran ${RESIZE_COMMANDS[action.how]}`;
  }
}

async function changePanelControl(wb: Workbench, action: Extract<SoakAction, { kind: 'panelControl' }>): Promise<string> {
  const { page } = wb;
  const shown = page.locator('.part.editor .tabs-container .tab.active', { hasText: PANEL_TITLE }).filter({ visible: true });
  if ((await shown.count()) === 0) return 'skipped: the panel is not on screen';
  const frame = await panelFrame(wb, 10_000);
  switch (action.control) {
    case 'callsPerDay':
    case 'outputTokens':
    case 'reasoningMultiplier':
    case 'cacheHitShare':
      await frame.locator(`#${action.control}`).fill(action.value);
      return 'filled';
    case 'currency':
      await frame.locator('#currency').selectOption(action.value);
      return 'selected';
    case 'batch':
    case 'grouped':
      await frame.locator(`#${action.control}`).click();
      return 'toggled';
    case 'expand':
    case 'sort': {
      // (A narrow panel hides its secondary columns, their sort buttons too.)
      const buttons = frame.locator(action.control === 'expand' ? 'tbody tr[data-id] button.expand' : 'thead button[data-column]').filter({ visible: true });
      const count = await buttons.count();
      if (count === 0) return 'skipped: no rows yet';
      await buttons.nth(Math.floor(action.pick * count)).click();
      return `clicked button ${Math.floor(action.pick * count) + 1} of ${count}`;
    }
  }
}

/** A user setting as settings.json holds it (the model picker writes there); `undefined` mid-write. */
function userSetting(wb: Workbench, key: string): unknown {
  const text = readFileSync(join(wb.userDataDir, 'User', 'settings.json'), 'utf8');
  try {
    return (JSON.parse(text) as Record<string, unknown>)[key];
  } catch {
    // Caught between VS Code truncating the file and writing it: read again on the next poll.
    return undefined;
  }
}

async function pickModel(wb: Workbench, action: Extract<SoakAction, { kind: 'pickModel' }>, state: WalkState): Promise<string> {
  const { page } = wb;
  const target = soakModel(action.model);
  const quickInput = page.locator('.quick-input-widget');
  const entry = page.locator('.part.statusbar .statusbar-item', { hasText: `· ${state.model.bare}` }).filter({ visible: true }).first();
  let how = 'palette';
  // "counting…" has no click action: a user would wait, or use the palette.
  if (action.via === 'statusBar' && (await entry.count()) > 0 && !(await entry.innerText()).includes('counting')) {
    await entry.click();
    how = 'status bar';
  } else {
    await wb.runCommand('Token Cost: Select Model');
  }
  await quickInput.waitFor({ state: 'visible' });
  await page.keyboard.type(target.bare);
  await quickInput.locator('.monaco-list-row', { hasText: new RegExp(`${escapeRegExp(target.id)}(?![\\w.-])`) }).first().click();
  await quickInput.waitFor({ state: 'hidden' });
  // Off the status bar item, whose tooltip would otherwise come up over the editor and the panel.
  await page.mouse.move(0, 0);
  if (target.id !== state.model.id) {
    await waitUntil(page, async () => userSetting(wb, 'tokenCost.model') === target.id, `tokenCost.model did not become ${target.id}`);
  }
  state.model = target;
  return `picked through the ${how}`;
}

async function pickTheme(wb: Workbench, action: Extract<SoakAction, { kind: 'theme' }>, state: WalkState): Promise<string> {
  const { page } = wb;
  // The planned theme, or the next one when it is already on (a pick must change something).
  const theme = action.theme === state.theme ? SOAK_THEMES[(SOAK_THEMES.indexOf(action.theme) + 1) % SOAK_THEMES.length]! : action.theme;
  const workbench = page.locator('.monaco-workbench');
  const before = await workbench.getAttribute('class');
  await wb.runCommand('Preferences: Color Theme');
  const quickInput = page.locator('.quick-input-widget');
  await page.keyboard.type(theme);
  const row = quickInput.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(theme)}$`) }) });
  await row.first().click();
  await quickInput.waitFor({ state: 'hidden' });
  await waitUntil(page, async () => (await workbench.getAttribute('class')) !== before, `the workbench did not switch to ${theme}`, 10_000);
  // Chosen, not just previewed: the theme stays once the picker is gone.
  const chosen = await workbench.getAttribute('class');
  await page.waitForTimeout(500);
  if ((await workbench.getAttribute('class')) !== chosen) throw new Error(`the workbench did not keep ${theme}`);
  state.theme = theme;
  return `now ${theme}`;
}
