import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countClaudeTokens } from '../../../../src/core/exact/anthropic';
import { ExactCountError, type ExactCountErrorKind } from '../../../../src/core/exact/errors';
import { contentHash, countExactly, ExactCountCache, exactCountVendor, vendorModelName } from '../../../../src/core/exact/exactCount';
import { countGeminiTokens } from '../../../../src/core/exact/gemini';

/** What the fake vendor saw, for asserting on the request format. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** The fake vendors' fixed answers, chosen per test through the key (the key selects the scenario). */
type Scenario = (req: Seen, res: ServerResponse) => void;

const KEY_OK = 'key-ok';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Anthropic's count_tokens, as documented: x-api-key + anthropic-version, answer { input_tokens }. */
const anthropicOk: Scenario = (req, res) => {
  const body = req.body as { model?: string; messages?: { role: string; content: string }[] };
  if (req.headers['anthropic-version'] !== '2023-06-01' || !body.model || body.messages?.[0]?.role !== 'user') {
    json(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'malformed request' } });
    return;
  }
  // Fixed answer: 7 tokens of framing + one per character (the server is a stand-in, not a tokenizer).
  json(res, 200, { input_tokens: 7 + [...body.messages[0].content].length });
};

/** Gemini's countTokens: x-goog-api-key, contents[].parts[].text, answer { totalTokens }. */
const geminiOk: Scenario = (req, res) => {
  const body = req.body as { contents?: { parts?: { text?: string }[] }[] };
  const text = body.contents?.[0]?.parts?.[0]?.text;
  if (typeof text !== 'string') {
    json(res, 400, { error: { code: 400, message: 'contents missing', status: 'INVALID_ARGUMENT' } });
    return;
  }
  json(res, 200, text.length === 0 ? {} : { totalTokens: [...text].length, promptTokensDetails: [{ modality: 'TEXT', tokenCount: [...text].length }] });
};

const SCENARIOS: Record<string, Scenario> = {
  'key-bad': (_req, res) => json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }),
  'key-forbidden': (_req, res) => json(res, 403, { error: { code: 403, message: 'Permission denied', status: 'PERMISSION_DENIED' } }),
  'key-busy': (_req, res) => json(res, 429, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, { 'retry-after': '12' }),
  'key-broken': (_req, res) => json(res, 500, { error: { message: 'internal' } }),
  'key-garbage': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>captive portal</html>');
  },
  'key-wrong-shape': (_req, res) => json(res, 200, { tokens: 'many' }),
  'key-slow': (_req, res) => {
    setTimeout(() => json(res, 200, { input_tokens: 1, totalTokens: 1 }), 2000).unref();
  },
};

describe('exact counts against a local vendor server (127.0.0.1)', function () {
  this.timeout(10000);
  let server: Server;
  let base: string;
  const seen: Seen[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
        const entry: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        seen.push(entry);
        const key = String(req.headers['x-api-key'] ?? req.headers['x-goog-api-key'] ?? '');
        if (key === KEY_OK) {
          if (req.method === 'POST' && req.url === '/v1/messages/count_tokens') return anthropicOk(entry, res);
          if (req.method === 'POST' && /^\/v1beta\/models\/[\w.-]+:countTokens$/.test(req.url ?? '')) return geminiOk(entry, res);
          return json(res, 404, { error: { message: `no route ${req.url}` } });
        }
        const scenario = SCENARIOS[key];
        if (scenario) return scenario(entry, res);
        json(res, 401, { error: { message: 'unknown key' } });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  async function failure(promise: Promise<unknown>): Promise<ExactCountError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof ExactCountError, `expected ExactCountError, got ${String(error)}`);
      return error;
    }
    assert.fail('expected the count to fail');
  }

  async function expectKind(promise: Promise<unknown>, kind: ExactCountErrorKind, pattern: RegExp): Promise<ExactCountError> {
    const error = await failure(promise);
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, pattern);
    return error;
  }

  it('counts Claude tokens with the documented request format', async () => {
    const result = await countClaudeTokens({ apiKey: KEY_OK, model: 'claude-haiku-4-5', text: '你好 world', baseUrl: base });
    assert.deepEqual(result, { tokens: 7 + 8, vendor: 'anthropic', model: 'claude-haiku-4-5', scope: 'one user message' });
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers['x-api-key'], KEY_OK);
    assert.equal(seen[0].headers['content-type'], 'application/json');
    assert.deepEqual(seen[0].body, { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: '你好 world' }] });
  });

  it('counts Gemini tokens with the documented request format', async () => {
    const result = await countGeminiTokens({ apiKey: KEY_OK, model: 'gemini-2.5-flash', text: 'héllo 🙂', baseUrl: base });
    assert.deepEqual(result, { tokens: 7, vendor: 'google', model: 'gemini-2.5-flash', scope: 'text' });
    assert.equal(seen[0].url, '/v1beta/models/gemini-2.5-flash:countTokens');
    assert.equal(seen[0].headers['x-goog-api-key'], KEY_OK);
    assert.deepEqual(seen[0].body, { contents: [{ role: 'user', parts: [{ text: 'héllo 🙂' }] }] });
  });

  it('reads Gemini’s empty answer for empty text as zero', async () => {
    const result = await countGeminiTokens({ apiKey: KEY_OK, model: 'gemini-2.5-flash', text: '', baseUrl: base });
    assert.equal(result.tokens, 0);
  });

  it('dispatches by catalog vendor and refuses without a key before sending anything', async () => {
    assert.equal(exactCountVendor('anthropic'), 'anthropic');
    assert.equal(exactCountVendor('google'), 'google');
    assert.equal(exactCountVendor('openai'), undefined);
    assert.equal(vendorModelName('anthropic/claude-opus-4-7'), 'claude-opus-4-7');
    const viaVendor = await countExactly('google', { apiKey: KEY_OK, model: 'gemini-2.5-pro', text: 'abc', baseUrl: base });
    assert.equal(viaVendor.tokens, 3);
    seen.length = 0;
    await expectKind(countExactly('anthropic', { apiKey: '  ', model: 'claude-haiku-4-5', text: 'secret', baseUrl: base }), 'no-key', /No API key/);
    await expectKind(countExactly('openai', { apiKey: KEY_OK, model: 'gpt-5', text: 'secret', baseUrl: base }), 'unsupported-model', /openai/);
    assert.equal(seen.length, 0, 'nothing may be sent without a key or an endpoint');
  });

  it('says the key was rejected on 401, and forbidden on 403', async () => {
    await expectKind(countClaudeTokens({ apiKey: 'key-bad', model: 'claude-haiku-4-5', text: 'x', baseUrl: base }), 'unauthorized', /rejected the API key \(401\).*invalid x-api-key/);
    await expectKind(countGeminiTokens({ apiKey: 'key-forbidden', model: 'gemini-2.5-flash', text: 'x', baseUrl: base }), 'forbidden', /403.*Permission denied/);
  });

  it('says how long to wait on 429', async () => {
    const error = await expectKind(countClaudeTokens({ apiKey: 'key-busy', model: 'claude-haiku-4-5', text: 'x', baseUrl: base }), 'rate-limited', /429.*12 s/);
    assert.equal(error.retryAfterSeconds, 12);
    assert.equal(error.status, 429);
  });

  it('reports server errors, non-JSON answers and answers without a count', async () => {
    await expectKind(countGeminiTokens({ apiKey: 'key-broken', model: 'gemini-2.5-flash', text: 'x', baseUrl: base }), 'server', /server error \(500\)/);
    await expectKind(countClaudeTokens({ apiKey: 'key-garbage', model: 'claude-haiku-4-5', text: 'x', baseUrl: base }), 'bad-response', /not JSON/);
    await expectKind(countClaudeTokens({ apiKey: 'key-wrong-shape', model: 'claude-haiku-4-5', text: 'x', baseUrl: base }), 'bad-response', /input_tokens/);
    await expectKind(countGeminiTokens({ apiKey: 'key-wrong-shape', model: 'gemini-2.5-flash', text: 'x', baseUrl: base }), 'bad-response', /totalTokens/);
  });

  it('passes the vendor’s own message on a refused request (400/404)', async () => {
    await expectKind(countGeminiTokens({ apiKey: KEY_OK, model: 'gemini-2.5-flash', text: 'x', baseUrl: `${base}/wrong` }), 'bad-request', /404.*no route/);
  });

  it('times out on a vendor that does not answer', async () => {
    const started = Date.now();
    await expectKind(countClaudeTokens({ apiKey: 'key-slow', model: 'claude-haiku-4-5', text: 'x', baseUrl: base, timeoutMs: 300 }), 'timeout', /did not answer within/);
    assert.ok(Date.now() - started < 1500, 'the timeout must not wait for the slow answer');
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    const pending = countGeminiTokens({ apiKey: 'key-slow', model: 'gemini-2.5-flash', text: 'x', baseUrl: base, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expectKind(pending, 'cancelled', /cancelled/);
  });

  it('says offline when nothing listens at the address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expectKind(countClaudeTokens({ apiKey: KEY_OK, model: 'claude-haiku-4-5', text: 'x', baseUrl: `http://127.0.0.1:${port}` }), 'offline', /Could not reach Anthropic.*ECONNREFUSED/);
  });

  it('refuses an API address that is not http(s), and a model name that is not a path segment', async () => {
    await expectKind(countClaudeTokens({ apiKey: KEY_OK, model: 'claude-haiku-4-5', text: 'x', baseUrl: 'file:///etc/passwd' }), 'bad-request', /https:\/\//);
    await expectKind(countGeminiTokens({ apiKey: KEY_OK, model: '../../v1/files', text: 'x', baseUrl: base }), 'unsupported-model', /not a Gemini model/);
    assert.equal(seen.length, 0);
  });
});

describe('exact count cache', () => {
  const result = { tokens: 42, vendor: 'anthropic' as const, model: 'claude-haiku-4-5', scope: 'one user message' as const };

  it('holds a count for exactly that text and model', () => {
    const cache = new ExactCountCache();
    cache.set('anthropic/claude-haiku-4-5', 'hello', result);
    assert.deepEqual(cache.get('anthropic/claude-haiku-4-5', 'hello'), result);
    assert.equal(cache.get('anthropic/claude-haiku-4-5', 'hello!'), undefined, 'an edit invalidates');
    assert.equal(cache.get('anthropic/claude-opus-4-7', 'hello'), undefined, 'another model does not share it');
  });

  it('keys by hash, never by the text, and evicts the oldest past capacity', () => {
    assert.equal(contentHash('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const cache = new ExactCountCache(2);
    cache.set('m', 'a', result);
    cache.set('m', 'b', result);
    cache.set('m', 'c', result);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('m', 'a'), undefined);
    assert.ok(cache.get('m', 'c'));
  });
});
