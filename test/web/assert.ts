/**
 * The few assertions the web host suites use. `node:assert` does not exist in the web worker
 * extension host, and a polyfill package would be a dependency for five functions.
 */
class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

export function fail(message: string): never {
  throw new AssertionError(message);
}

export function ok(value: unknown, message: string): asserts value {
  if (!value) fail(message);
}

export function equal<T>(actual: T, expected: T, message = ''): void {
  if (!Object.is(actual, expected)) fail(`${message ? `${message}: ` : ''}expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function match(actual: string, pattern: RegExp, message = ''): void {
  if (!pattern.test(actual)) fail(`${message ? `${message}: ` : ''}${JSON.stringify(actual)} does not match ${String(pattern)}`);
}
