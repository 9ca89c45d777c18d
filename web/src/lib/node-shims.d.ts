// Just enough of Node's API for the studio's unit tests that run commands or read sources
// (lib/endpoints.test.ts); the studio has no @types/node. Vitest runs the tests under Node.
declare module 'node:child_process' {
  export function execFileSync(
    file: string,
    args?: readonly string[],
    options?: { input?: string; encoding?: 'utf8'; stdio?: 'ignore' | 'pipe' },
  ): string;
}
declare module 'node:fs' {
  export function existsSync(path: string): boolean;
  export function readFileSync(path: string, encoding: 'utf8'): string;
  export function readdirSync(path: string): string[];
}
declare module 'node:path' {
  export function join(...parts: string[]): string;
}
