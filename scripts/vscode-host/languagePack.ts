/**
 * Installs a language pack extension folder into a throw-away code-server, so the workbench
 * really runs in that display language (and `vscode.env.language`, which picks an extension's
 * l10n bundle and package.nls.<locale>.json, is that locale in the extension host).
 *
 * How code-server 4.100.3 (VS Code 1.100.3) resolves the locale, read from its
 * lib/vscode/out/server-main.js:
 * - the web client's locale is `--locale`, else `locale` in the user data dir's argv.json, else
 *   the `vscode.nls.locale` cookie, else the browser's Accept-Language;
 * - that locale only takes effect when `<user-data-dir>/languagepacks.json` has an entry for it
 *   (or for its prefix, 'zh' for 'zh-cn') whose `translations.vscode` file exists: the server then
 *   merges it into nls.messages.js, which sets the page's `_VSCODE_NLS_LANGUAGE`. Without that
 *   the workbench, the remote extension host and the extension scanner all stay 'en' whatever
 *   `--locale` says;
 * - languagepacks.json is written by the server's language pack service only when an extension
 *   is installed or uninstalled through it, never by scanning the extensions dir at start-up.
 *   So we link the pack into the extensions dir (it then shows as installed, as a real pack
 *   would) and write languagepacks.json ourselves, in the shape and with the hash that service
 *   would write.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The parts of a language pack's package.json this module reads. */
interface LanguagePackManifest {
  publisher: string;
  name: string;
  version: string;
  contributes?: {
    localizations?: {
      languageId: string;
      languageName?: string;
      localizedLanguageName?: string;
      translations: { id: string; path: string }[];
    }[];
  };
}

/** One entry of languagepacks.json (keyed by language id). */
interface LanguagePackEntry {
  hash: string;
  extensions: { extensionIdentifier: { id: string }; version: string }[];
  translations: Record<string, string>;
  label: string | undefined;
}

/**
 * Links the language pack at `packDir` into `extensionsDir` and registers its localizations in
 * `<userDataDir>/languagepacks.json`. Returns the language ids it provides. Must run before the
 * workbench page is requested. Throws with the reason when `packDir` is not a usable pack.
 */
export function installLanguagePack(packDir: string, extensionsDir: string, userDataDir: string): string[] {
  const manifestPath = join(packDir, 'package.json');
  if (!existsSync(manifestPath)) throw new Error(`language pack ${packDir} has no package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as LanguagePackManifest;
  const localizations = manifest.contributes?.localizations ?? [];
  if (localizations.length === 0) throw new Error(`${manifestPath} contributes no localizations`);

  const id = `${manifest.publisher}.${manifest.name}`;
  const installed = join(extensionsDir, `${id}-${manifest.version}`);
  symlinkSync(resolve(packDir), installed);

  // Same hash as VS Code's LanguagePacksCache: md5 over each contributing extension's id and version.
  const hash = createHash('md5').update(id).update(manifest.version).digest('hex');
  const entries: Record<string, LanguagePackEntry> = {};
  for (const localization of localizations) {
    const translations: Record<string, string> = {};
    for (const translation of localization.translations) {
      const file = join(installed, translation.path);
      if (!existsSync(file)) throw new Error(`language pack ${id}: translation file ${translation.path} is missing`);
      translations[translation.id] = file;
    }
    if (!translations.vscode) throw new Error(`language pack ${id}: no translation for the core id "vscode"`);
    entries[localization.languageId] = {
      hash,
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations,
      label: localization.localizedLanguageName ?? localization.languageName,
    };
  }
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(entries));
  return Object.keys(entries);
}
