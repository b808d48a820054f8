import type { ModelInfo } from '../../core/pricing/types';
import type { Translate } from './l10n';

/**
 * A model's name as the picker, the panel and the status bar show it. A regional entry (the same
 * model at its mainland-China list price, in yuan) says so, so that it is never mistaken for the
 * international dollar entry of the same name beside it.
 */
export function modelDisplayName(model: ModelInfo, t: Translate): string {
  return model.region === 'cn' ? t('{0} · mainland China, in yuan', model.name) : model.name;
}
