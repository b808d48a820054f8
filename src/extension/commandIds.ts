/**
 * Every command the extension contributes. package.json's `contributes.commands` must list exactly
 * these (test/unit/extension/manifest.test.ts), and `registerCommands` (commands.ts) takes a handler per id, so a
 * command without a handler does not compile.
 */
export const COMMANDS = {
  selectModel: 'tokenCost.selectModel',
  compareModels: 'tokenCost.compareModels',
  copyCountAndCost: 'tokenCost.copyCountAndCost',
  showReport: 'tokenCost.showReport',
  showLog: 'tokenCost.showLog',
  countExactly: 'tokenCost.countExactly',
  setApiKey: 'tokenCost.setApiKey',
  clearApiKey: 'tokenCost.clearApiKey',
  countNow: 'tokenCost.countNow',
  recount: 'tokenCost.recount',
  toggleTokenView: 'tokenCost.toggleTokenView',
  sortSectionsByTokens: 'tokenCost.sortSectionsByTokens',
  sortSectionsByPosition: 'tokenCost.sortSectionsByPosition',
} as const;

/** One of the contributed command ids. */
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The comparison panel's view type (serializer and activation event use it). */
export const COMPARISON_VIEW_TYPE = 'tokenCost.comparison';
