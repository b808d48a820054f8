/**
 * What the soak walk needs to know about the workbench and to bring it into a known state: which
 * editor is active, focus in a text editor, the active document's text (through the clipboard, so
 * unsaved and untitled text too), and no quick pick or dialog left open.
 */
import type { Frame, Locator, Page } from 'playwright-core';
import type { Workbench } from '../../support/workbench';

/** The comparison panel's tab title. */
export const PANEL_TITLE = 'Token Cost: Compare Models';

/** Keys the walk binds (keybindings.json) for plumbing that has no user-facing key in the browser. */
export const SOAK_KEYS = {
  focusActiveGroup: { key: 'ctrl+alt+shift+f1', press: 'Control+Alt+Shift+F1', command: 'workbench.action.focusActiveEditorGroup' },
  closeEditor: { key: 'ctrl+alt+shift+f2', press: 'Control+Alt+Shift+F2', command: 'workbench.action.closeActiveEditor' },
  hidePanel: { key: 'ctrl+alt+shift+f3', press: 'Control+Alt+Shift+F3', command: 'workbench.action.closePanel' },
  clearNotifications: { key: 'ctrl+alt+shift+f4', press: 'Control+Alt+Shift+F4', command: 'notifications.clearAll' },
} as const;

/** The keybindings.json entries for {@link SOAK_KEYS}. */
export const SOAK_KEYBINDINGS = Object.values(SOAK_KEYS).map(({ key, command }) => ({ key, command }));

/** The workbench's active editor. */
export interface ActiveEditor {
  /** Tab name: a file's base name, "Untitled-3", the panel's title; '' without an editor. */
  readonly name: string;
  readonly kind: 'text' | 'notebook' | 'panel' | 'none';
}

/**
 * The comparison panel's content frame, once its controls are drawn. (Not just any webview: a
 * notebook's outputs are a webview too.)
 */
export async function panelFrame(wb: Workbench, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of wb.page.frames()) {
      if (frame.url().includes('fake.html') && (await frame.locator('#callsPerDay').count().catch(() => 0)) > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`the comparison panel did not show its controls within ${timeoutMs / 1000} s`);
    await wb.page.waitForTimeout(250);
  }
}

/** The kind of editor a tab name stands for. */
function editorKind(name: string): ActiveEditor['kind'] {
  if (!name) return 'none';
  if (name === PANEL_TITLE) return 'panel';
  return name.endsWith('.ipynb') ? 'notebook' : 'text';
}

/** A tab's name from its aria-label ("system-prompt.md, Editor Group 1"). */
async function tabName(tab: Locator): Promise<string> {
  const label = (await tab.getAttribute('aria-label')) ?? (await tab.innerText());
  return label.split(', ')[0]!.trim();
}

/**
 * The active editor as the workbench itself names it: the window title ("● Untitled-4 - workspace
 * - code-server"). The DOM's active-group class can lag behind a click into the panel's webview;
 * the title follows the workbench's own active editor, the one the extension is told about.
 */
export async function activeEditor(wb: Workbench): Promise<ActiveEditor> {
  const title = (await wb.page.title()).replace(/^● /, '');
  const parts = title.split(' - ');
  // "<editor> - <folder> - <app>", or "<folder> - <app>" without an editor.
  const name = parts.length >= 3 ? parts.slice(0, -2).join(' - ') : '';
  return { name, kind: editorKind(name) };
}

/** All editor tabs the user can see, in every group. */
export function visibleTabs(page: Page): Locator {
  return page.locator('.part.editor .tabs-container .tab').filter({ visible: true });
}

/** Names of all editor tabs (hidden ones of a maximized layout too). */
export async function tabNames(page: Page): Promise<string[]> {
  const tabs = page.locator('.part.editor .tabs-container .tab');
  const names: string[] = [];
  for (let i = 0; i < (await tabs.count()); i++) names.push(await tabName(tabs.nth(i)));
  return names;
}

/**
 * The name of the text editor holding the keyboard focus (its group's active tab), or '' when the
 * focus is elsewhere (a webview, a notebook, the palette).
 */
async function focusedTextEditor(page: Page): Promise<string> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    const editor = el && el.closest('.part.editor .monaco-editor');
    if (!editor || el.closest('.notebook-editor')) return '';
    const tab = editor.closest('.editor-group-container')?.querySelector('.tabs-container .tab.active');
    return tab ? (tab.getAttribute('aria-label') || '').split(', ')[0].trim() : '';
  })()`)) as string;
}

async function waitForTextFocus(page: Page, name: string, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await focusedTextEditor(page)) === name) return true;
    await page.waitForTimeout(50);
  }
  return false;
}

/** Visible editor groups whose active editor is a text editor, with that editor's name. */
export async function textGroups(page: Page): Promise<{ group: Locator; name: string }[]> {
  const groups = page.locator('.part.editor .editor-group-container').filter({ visible: true });
  const found: { group: Locator; name: string }[] = [];
  for (let i = 0; i < (await groups.count()); i++) {
    const group = groups.nth(i);
    const tab = group.locator('.tabs-container .tab.active').first();
    if ((await tab.count()) === 0) continue;
    const name = await tabName(tab);
    if (editorKind(name) === 'text') found.push({ group, name });
  }
  return found;
}

/**
 * Puts the keyboard focus into a text editor and returns its name: the active one, else (the panel
 * or a notebook is active) the first visible group's text editor, by clicking its tab as a user
 * going back from the panel would. `undefined` when no text editor is on screen.
 */
export async function focusTextEditor(wb: Workbench): Promise<string | undefined> {
  const { page } = wb;
  const active = await activeEditor(wb);
  if (active.kind === 'text') {
    await page.keyboard.press(SOAK_KEYS.focusActiveGroup.press);
    if (await waitForTextFocus(page, active.name, 1000)) return active.name;
    // The key focuses the group the workbench last activated, which is not always the title's
    // editor (a notebook open in two groups shows blank in one and leaves the title behind); a
    // click on the editor's tab always works, an active tab first.
    for (const selector of ['.tab.active', '.tab']) {
      const tabs = page.locator(`.part.editor .tabs-container ${selector}`).filter({ visible: true });
      for (let i = 0; i < (await tabs.count()); i++) {
        if ((await tabName(tabs.nth(i))) !== active.name) continue;
        await tabs.nth(i).click();
        if (await waitForTextFocus(page, active.name)) return active.name;
      }
    }
    throw new Error(`could not focus the text editor ${active.name}`);
  }
  const [first] = await textGroups(page);
  if (!first) return undefined;
  await first.group.locator('.tabs-container .tab.active').first().click();
  if (await waitForTextFocus(page, first.name)) return first.name;
  throw new Error(`clicking the tab of ${first.name} did not focus its editor`);
}

/**
 * Starts keeping the last 30 focus moves of the workbench page (time, element), for a failure
 * message: a step that lost its keyboard focus says where the focus went.
 */
export async function traceFocus(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__soakFocus = [];
    const describe = (el) => !el || !el.tagName ? String(el) : el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '') +
      (el.tagName === 'IFRAME' ? ' (a webview)' : '');
    const note = (what) => { window.__soakFocus.push(Math.round(performance.now()) + ' ms ' + what); if (window.__soakFocus.length > 30) window.__soakFocus.shift(); };
    document.addEventListener('focusin', (event) => note('focus → ' + describe(event.target)), true);
    // Focus that moves into an iframe (a webview) only blurs this window; say which frame has it.
    const frameOf = (el) => !el || el.tagName !== 'IFRAME' ? describe(el) :
      'webview iframe in ' + describe(el.closest('.notebook-editor, .editor-group-container, [id^="webview"], body'));
    window.addEventListener('blur', () => setTimeout(() => note('window blur, focus in ' + frameOf(document.activeElement)), 0));
  })()`);
}

/** The focus moves {@link traceFocus} kept, oldest first, with the page's clock now. */
export async function focusTrail(page: Page): Promise<string[]> {
  const trail = (await page.evaluate('window.__soakFocus || []').catch(() => [])) as string[];
  const now = (await page.evaluate('Math.round(performance.now())').catch(() => 0)) as number;
  return [...trail, `${now} ms now`];
}

/** Clipboard text no copy of an editor can produce: left in place, the copy copied nothing. */
const CLIPBOARD_SENTINEL = '\u0000soak: nothing copied\u0000';

/**
 * The focused text editor's whole text, read as a user would: select all, copy, read the
 * clipboard. Leaves everything selected. (An empty document copies nothing: with
 * `editor.emptySelectionClipboard` off the clipboard keeps the sentinel.)
 */
export async function copyEditorText(wb: Workbench): Promise<string> {
  const { page } = wb;
  if (!(await focusedTextEditor(page))) throw new Error('copyEditorText: no text editor has the focus');
  await wb.setClipboardText(CLIPBOARD_SENTINEL);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  // The copy goes through the async clipboard API: give it a moment to land.
  const deadline = Date.now() + 1500;
  for (;;) {
    const text = await wb.clipboardText();
    if (text !== CLIPBOARD_SENTINEL) return text;
    if (Date.now() > deadline) return '';
    await page.waitForTimeout(50);
  }
}

/** Notification toasts on screen, each as its severity and message. */
async function toasts(page: Page): Promise<{ error: boolean; text: string }[]> {
  const shown = page.locator('.notifications-toasts .notification-toast').filter({ visible: true });
  const found: { error: boolean; text: string }[] = [];
  for (let i = 0; i < (await shown.count()); i++) {
    const toast = shown.nth(i);
    const text = (await toast.locator('.notification-list-item-message').first().innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
    found.push({ error: (await toast.locator('.codicon-error').count()) > 0, text });
  }
  return found;
}

/**
 * Closes what an action may have left open (a quick pick, a dialog, a tooltip, notifications:
 * "select some text first" and the like pile up over the editor) so the next key press and click go to the
 * editor; returns what it closed, for the action log. An error notification fails the walk.
 */
export async function closeStrayUi(wb: Workbench): Promise<string[]> {
  const { page } = wb;
  const closed: string[] = [];
  const notes = await toasts(page);
  const errors = notes.filter((note) => note.error);
  if (errors.length) throw new Error(`error notification: ${errors.map((note) => `"${note.text}"`).join(', ')}`);
  if (notes.length) {
    closed.push(...notes.map((note) => `notification "${note.text.slice(0, 120)}"`));
    await page.keyboard.press(SOAK_KEYS.clearNotifications.press);
  }
  // A tooltip left up where the pointer rested (the status bar item a pick clicked) covers what
  // lies under it, and the next click there waits on it in vain: the pointer moves off it.
  const hover = page.locator('.context-view .monaco-hover, .workbench-hover-container').filter({ visible: true });
  if ((await hover.count()) > 0) {
    closed.push(`hover "${(await hover.first().innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 60)}"`);
    await page.mouse.move(0, 0);
    await hover.first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const dialog = page.locator('.monaco-dialog-box').filter({ visible: true });
    const quickInput = page.locator('.quick-input-widget').filter({ visible: true });
    if ((await dialog.count()) > 0) {
      closed.push(`dialog "${(await dialog.first().innerText()).replace(/\s+/g, ' ').slice(0, 120)}"`);
    } else if ((await quickInput.count()) > 0) {
      closed.push('quick input');
    } else {
      return closed;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(200);
  }
  throw new Error(`could not close: ${closed.join(', ')}`);
}

/** Waits until `condition` holds (polled), or throws `message` after `timeoutMs`. */
export async function waitUntil(page: Page, condition: () => Promise<boolean>, message: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${message} (after ${timeoutMs / 1000} s)`);
    await page.waitForTimeout(100);
  }
}
