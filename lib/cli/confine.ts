import * as fs from 'fs';
import * as path from 'path';

/**
 * Files that an input names (a batch request's `aliases`, a test file's `policy` and `aliases`) are read only from
 * inside the folder of the file that names them (or the folder the command was given), unless `--allow-read` adds
 * folders: `../../etc/passwd`, `/proc/self/environ` and symlinks that lead outside are refused. Errors name the path
 * as written and never echo the file's content.
 */

/** Thrown for a path that may not or cannot be read. `message` names the path as written, never the content. */
export class ConfinedPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfinedPathError';
  }
}

/** The folders files may be read from: as given (absolute) and as real paths (folders that do not exist allow nothing). */
export function readRoots(folders: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of folders) {
    try {
      const real = fs.realpathSync(f);
      out.push(path.resolve(f));
      if (real !== path.resolve(f)) out.push(real);
    } catch {
      // a folder that does not exist allows nothing
    }
  }
  return out;
}

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Resolves `written` (relative to `baseDir`) to the real path of a regular file inside one of `roots` (see
 * readRoots), no larger than `maxBytes`. A path outside the roots is refused before the file system is asked about
 * it (so a request cannot probe which files exist); a symlink inside that leads outside is refused too. Throws
 * ConfinedPathError naming `what` and the path as `shown` (default: as written, quoted).
 */
export function confinedFile(written: string, baseDir: string, roots: readonly string[], what: string, maxBytes: number, shown = JSON.stringify(written)): { real: string; size: number } {
  const outside = (): ConfinedPathError => new ConfinedPathError(`${what} ${shown}: outside the folder of the file that names it; use --allow-read <folder> to allow another folder`);
  const lexical = path.resolve(baseDir, written);
  if (!roots.some((r) => inside(r, lexical))) throw outside();
  let real: string;
  try {
    real = fs.realpathSync(lexical);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfinedPathError(`${what} ${shown}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'file not found' : `cannot be read (${code ?? 'error'})`}`);
  }
  if (!roots.some((r) => inside(r, real))) throw outside();
  const stat = fs.statSync(real);
  if (!stat.isFile()) throw new ConfinedPathError(`${what} ${shown}: not a regular file`);
  if (stat.size > maxBytes) throw new ConfinedPathError(`${what} ${shown}: larger than ${maxBytes.toLocaleString('en-US')} bytes`);
  return { real, size: stat.size };
}

/**
 * A JSON.parse error without the excerpt of the text that Node puts in some messages (`Unexpected token 'r',
 * "root:x:0:0:"... is not valid JSON`): only the kind of error and the position, where Node gives one.
 */
export function jsonErrorWithoutContent(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const position = /at position (\d+)/.exec(message);
  if (/^Unexpected end of JSON input/.test(message)) return 'not valid JSON: unexpected end of input';
  if (/^Unexpected token/.test(message)) return 'not valid JSON: unexpected character';
  const kind = /^([A-Za-z ,'{}[\]:-]+?)(?: in JSON)? at position \d+/.exec(message);
  return `not valid JSON${kind ? `: ${kind[1].toLowerCase()}` : ''}${position ? ` at position ${position[1]}` : ''}`;
}
