import type { ExactCountError } from '../../core/exact/errors';
import type { ExactCountVendor } from '../../core/exact/types';
import type { Translate } from '../ui/l10n';

/** Where each vendor's key lives in SecretStorage (never in settings, never in a file). */
export function secretKeyName(vendor: ExactCountVendor): string {
  return `tokenCost.apiKey.${vendor}`;
}

/** The vendor's name for people. */
export function vendorLabel(vendor: ExactCountVendor, t: Translate): string {
  return vendor === 'anthropic' ? t('Anthropic (Claude)') : t('Google (Gemini)');
}

/** Where the consent "always for this workspace" is kept (workspace state), per vendor. */
export function consentKey(vendor: ExactCountVendor): string {
  return `tokenCost.exactCountConsent.${vendor}`;
}

/**
 * The question asked before text first leaves the machine for a vendor in a workspace: what is
 * sent (which text, how long) and to whom.
 */
export function consentQuestion(what: string, characters: number, vendor: ExactCountVendor, t: Translate): string {
  return t(
    'Send {0} ({1} characters) to {2} to count its tokens exactly? The text leaves this computer, with your API key; nothing is sent unless you ask.',
    what,
    characters.toLocaleString('en-US'),
    vendorLabel(vendor, t),
  );
}

/** What the exact-count command sends: the whole text, or the one selection. */
export type ExactScope =
  | { readonly kind: 'file' }
  | { readonly kind: 'selection'; readonly index: number }
  | { readonly kind: 'several-selections' };

/** The scope for the editor's selections (empty selections are the cursor, not a selection). */
export function exactScope(selectionsEmpty: readonly boolean[]): ExactScope {
  const nonEmpty = selectionsEmpty.map((empty, index) => ({ empty, index })).filter((entry) => !entry.empty);
  if (nonEmpty.length === 0) return { kind: 'file' };
  if (nonEmpty.length === 1) return { kind: 'selection', index: nonEmpty[0]!.index };
  return { kind: 'several-selections' };
}

/** A failed exact count, said so that the user knows what to do next. */
export function exactErrorMessage(error: ExactCountError, vendor: ExactCountVendor, t: Translate): string {
  const name = vendorLabel(vendor, t);
  switch (error.kind) {
    case 'no-key':
      return t('No API key is set for {0}.', name);
    case 'unauthorized':
      return t('{0} rejected the API key (401). Set a valid key.', name);
    case 'forbidden':
      return t('The API key may not count tokens for this model (403).');
    case 'rate-limited':
      return error.retryAfterSeconds !== undefined
        ? t('{0} is rate-limiting token counts (429). Try again in {1} s.', name, error.retryAfterSeconds)
        : t('{0} is rate-limiting token counts (429). Try again shortly.', name);
    case 'offline':
      return t('Could not reach {0}. Check the network connection or proxy.', name);
    case 'timeout':
      return t('{0} did not answer in time. Try again later.', name);
    case 'cancelled':
      return t('Exact count cancelled.');
    case 'server':
      return t('{0} had a server error ({1}). Try again later.', name, error.status ?? 0);
    case 'bad-request':
      return t('{0} refused the request: {1}', name, error.message);
    case 'unsupported-model':
      return t('This model cannot be counted through a vendor API.');
    case 'bad-response':
      return t('{0} sent an answer Token Cost cannot read: {1}', name, error.message);
  }
}
