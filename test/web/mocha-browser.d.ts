// Mocha's browser build (UMD): under a CommonJS bundle it exports the BrowserMocha instance.
declare module 'mocha/mocha.js' {
  const mocha: BrowserMocha;
  export default mocha;
}

/** Filled in by scripts/vscode-host/run-web.ts at bundle time: what the desktop build counts. */
declare const WEB_EXPECTED: {
  /** Counts of fixture files by the desktop build's tokenizers, keyed `file|tokenizer`. */
  readonly counts: Readonly<Record<string, number>>;
  /** A catalog model counted with the Qwen vocabulary. */
  readonly qwenModel: string;
};
