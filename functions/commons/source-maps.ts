import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MiddlewareObj } from '@middy/core';

/**
 * Stack traces mapped to the TypeScript sources, read from the bundle's source map only when an
 * error is reported. Node could map every stack itself (`NODE_OPTIONS=--enable-source-maps`), but
 * it then reads the bundle's map at every cold start, ~16% more import time for every function;
 * an error is rare, so its stack pays for the map instead (read once per process, ~50 ms).
 * Where Node maps stacks itself (tsx locally, or the flag set by hand) they are left as they are.
 */
const maps = new Map<string, SourceMap | null>();

/** A frame's location: `file:///var/task/index.mjs:3:1234` or `/var/task/index.mjs:3:1234`. */
const LOCATION = /(file:\/\/[^\s()]+|\/[^\s():]+):(\d+):(\d+)/;

export function mappedStack(stack: string | undefined): string | undefined {
  if (!stack || process.sourceMapsEnabled) return stack;
  return stack
    .split('\n')
    .map((line) =>
      line.replace(LOCATION, (location: string, file: string, lineNo: string, column: string) => {
        const map = mapOf(file.startsWith('file://') ? fileURLToPath(file) : file);
        const origin = map?.findOrigin(Number(lineNo), Number(column));
        return origin && 'fileName' in origin
          ? `${origin.fileName}:${origin.lineNumber}:${origin.columnNumber}`
          : location;
      }),
    )
    .join('\n');
}

/** The map esbuild writes beside a bundle (`index.mjs.map`), once per file; null where there is none. */
function mapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return map;
}

/**
 * For functions whose errors the Lambda runtime reports (the workflow's and the schedules'):
 * the error leaves the handler with its stack mapped, so the runtime's log line names our sources.
 */
export function sourceMappedErrors(): MiddlewareObj {
  return {
    onError: async function mapErrorStack(request) {
      const error = request.error;
      if (error?.stack) error.stack = mappedStack(error.stack) ?? error.stack;
    },
  };
}
