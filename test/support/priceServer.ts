import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PriceStorage } from '../../src/core/pricing/priceStore';

/** A route's handler; it may write slowly, stall or break the connection. */
export type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** A price server on 127.0.0.1 with an ephemeral port, and what it sent. */
export interface PriceServer {
  readonly base: string;
  /** Body bytes written per path (for the oversized download: the server must stop early). */
  readonly sent: Map<string, number>;
  close(): Promise<void>;
}

/** Starts an HTTP server on the loopback interface only; routes by path. */
export async function startPriceServer(routes: Readonly<Record<string, Route>>): Promise<PriceServer> {
  const sent = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const write = response.write.bind(response);
    response.write = ((chunk: Buffer | string, ...rest: never[]) => {
      sent.set(path, (sent.get(path) ?? 0) + Buffer.byteLength(chunk));
      return write(chunk, ...rest);
    }) as typeof response.write;
    const route = routes[path];
    if (route) route(request, response);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSON body with its length. */
export function json(body: unknown): Route {
  return text(JSON.stringify(body), 'application/json');
}

/** A text body with its length. */
export function text(body: string, type = 'text/plain'): Route {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };
}

/**
 * Streams `megabytes` MiB of JSON-looking bytes without a length, at the reader's pace, and stops
 * when the client goes away.
 */
export function endless(megabytes: number): Route {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let left = megabytes;
    const pump = (): void => {
      while (left > 0 && !response.destroyed) {
        left--;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      if (!response.destroyed) response.end();
    };
    response.write('{"a":');
    pump();
  };
}

/** Sends half of `body` under the full Content-Length, then cuts the connection. */
export function cutShort(body: string): Route {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.write(body.slice(0, body.length / 2), () => response.destroy());
  };
}

/** A redirect to `location`. */
export function redirect(location: string, status = 302): Route {
  return (_request, response) => response.writeHead(status, { location }).end();
}

/** Accepts the request and never answers. */
export const silent: Route = () => undefined;

/** Storage in memory, as the editor's global storage or the CLI's cache would hold files. */
export class MemoryStorage implements PriceStorage {
  readonly files = new Map<string, string>();
  /** Set to make the next rename fail, like a full disk or a locked file. */
  failRename = false;

  async read(name: string): Promise<string | undefined> {
    return this.files.get(name);
  }

  async write(name: string, text: string): Promise<void> {
    this.files.set(name, text);
  }

  async rename(from: string, to: string): Promise<void> {
    if (this.failRename) throw new Error('EACCES: permission denied');
    const text = this.files.get(from);
    if (text === undefined) throw new Error(`ENOENT: ${from}`);
    this.files.set(to, text);
    this.files.delete(from);
  }

  async remove(name: string): Promise<void> {
    this.files.delete(name);
  }
}
