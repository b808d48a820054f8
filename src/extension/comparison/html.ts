/** What the panel's HTML needs from the host. */
export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the only origin styles and scripts may come from. */
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** BCP 47 language of the UI (`vscode.env.language`). */
  readonly language: string;
  readonly title: string;
}

/**
 * A fresh nonce per HTML document: 128 random bits, base64. Web Crypto's generator, which both the
 * Node and the web extension hosts have.
 */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The Content-Security-Policy: nothing by default; the one bundled script by nonce (and origin);
 * styles only from the extension's own files (no inline styles); images and fonts from the
 * webview origin only. No `unsafe-inline`, no `unsafe-eval`.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
  ].join('; ');
}

function attribute(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The panel's document: an empty shell the script fills. Every interpolated value is attribute-escaped. */
export function webviewHtml(options: WebviewHtmlOptions): string {
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="${attribute(options.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(options.styleUri)}">
<title>${attribute(options.title)}</title>
</head>
<body>
<header id="toolbar" class="toolbar"></header>
<section id="source" aria-live="polite"></section>
<main id="root"></main>
<script nonce="${attribute(options.nonce)}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
