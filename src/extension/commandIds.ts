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
  countTokens: 'tokenCost.countTokens',
  countOpenEditors: 'tokenCost.countOpenEditors',
  contextAddFiles: 'tokenCost.context.addFiles',
  contextAddOpenEditors: 'tokenCost.context.addOpenEditors',
  contextAddSelection: 'tokenCost.context.addSelection',
  contextCopyPrompt: 'tokenCost.context.copyPrompt',
  contextRemove: 'tokenCost.context.remove',
  contextClear: 'tokenCost.context.clear',
  contextRefresh: 'tokenCost.context.refresh',
  contextSortByName: 'tokenCost.context.sortByName',
  contextSortByTokens: 'tokenCost.context.sortByTokens',
  refreshPrices: 'tokenCost.refreshPrices',
  acceptHeldPrices: 'tokenCost.acceptHeldPrices',
  toggleTokenView: 'tokenCost.toggleTokenView',
  sortSectionsByTokens: 'tokenCost.sortSectionsByTokens',
  sortSectionsByPosition: 'tokenCost.sortSectionsByPosition',
} as const;

/** One of the contributed command ids. */
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** The Context view (a tree in the Token Cost panel container). */
export const CONTEXT_VIEW_ID = 'tokenCost.context';

/** The Token Sections view (a tree in the Explorer). */
export const SECTIONS_VIEW_ID = 'tokenCost.sections';

/** The comparison panel's view type (serializer and activation event use it). */
export const COMPARISON_VIEW_TYPE = 'tokenCost.comparison';

/** The language-model tool's name (`vscode.lm.invokeTool('tokenCost', …)`), package.json's `languageModelTools[0].name`. */
export const TOKEN_COST_TOOL = 'tokenCost';

/** The MCP server definition provider's id, package.json's `mcpServerDefinitionProviders[0].id` (VS Code 1.101+). */
export const MCP_PROVIDER_ID = 'tokenCost.mcpServer';
