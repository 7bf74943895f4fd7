import * as fs from 'fs';
// Engine modules by path, not the engine's index: main.ts loads this file for every command.
import { AliasCatalog, AliasCatalogLimitError, DEFAULT_ALIAS_CATALOG_MAX_BYTES, formatBytes } from '../policy-engine/aliases';
import { bundledAliases } from '../policy-engine/bundled-aliases';
import { PolicyEngineError } from '../policy-engine/errors';
import { CliIo, CliUsageError, resolvePath } from './io';

/** The option that raises the alias catalog size limit. */
export const ALIAS_LIMIT_OPTION = '--max-alias-size';

/**
 * Parses a size given on the command line: bytes, or a number with a binary unit K, M, G (KiB/MiB/GiB; "512M",
 * "1.5G"). Throws CliUsageError naming the option and the value.
 */
export function parseByteSize(option: string, value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$/i.exec(value);
  const unit = m?.[2]?.[0]?.toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = m ? Math.floor(Number(m[1]) * factor) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new CliUsageError(`${option} ${JSON.stringify(value)}: expected a size in bytes, or with a unit K, M or G (e.g. 512M)`, true);
  }
  return bytes;
}

/** Reads at most `limit + 1` bytes of a file (a device such as /dev/zero included): enough to tell it is too large. */
function readBounded(abs: string, limit: number): Buffer {
  const fd = fs.openSync(abs, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(1024 * 1024, limit + 1 - total);
      if (want <= 0) break;
      const buf = Buffer.allocUnsafe(want);
      const n = fs.readSync(fd, buf, 0, want, null);
      if (n === 0) break;
      chunks.push(n === want ? buf : buf.subarray(0, n));
      total += n;
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads an alias catalog file: ARM's provider format (`az provider list --expand resourceTypes/aliases`, an array or
 * `{value: [...]}`) or a flat `aliasName,defaultPath` table (any file that is not JSON), either of them gzip-compressed
 * or not. Its text may not exceed `maxBytes` (default 256 MiB): a larger file, or a gzip file that inflates to more,
 * is a CliUsageError (exit 2) naming the file, the limit and {@link ALIAS_LIMIT_OPTION}, before more is read.
 */
export function readAliasCatalog(io: CliIo, file: string, maxBytes = DEFAULT_ALIAS_CATALOG_MAX_BYTES): AliasCatalog {
  const abs = resolvePath(io, file);
  let bytes: Buffer;
  try {
    bytes = readBounded(abs, maxBytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, expected a file' : (err as Error).message;
    throw new CliUsageError(`alias catalog ${file}: ${reason}`);
  }
  try {
    if (bytes.length > maxBytes) throw new AliasCatalogLimitError(`alias catalog ${file}`, maxBytes, false);
    return AliasCatalog.fromBytes(bytes, `alias catalog ${file}`, { maxBytes });
  } catch (err) {
    if (err instanceof AliasCatalogLimitError) {
      throw new CliUsageError(`alias catalog ${file} ${err.inflated ? 'inflates to' : 'is'} more than ${formatBytes(err.limit)}, the limit for alias catalogs; `
        + `raise it with ${ALIAS_LIMIT_OPTION} <size> (e.g. ${ALIAS_LIMIT_OPTION} 1G)`);
    }
    const message = err instanceof PolicyEngineError ? err.rawMessage : (err as Error).message;
    throw new CliUsageError(message.startsWith('alias catalog') ? message : `alias catalog ${file}: ${message}`);
  }
}

/** The bundled catalog plus every `--aliases` file given (each read within `maxBytes`). */
export function aliasesFor(io: CliIo, files: readonly string[] | undefined, maxBytes?: number): AliasCatalog {
  const bundled = bundledAliases();
  if (!files || files.length === 0) return bundled;
  return AliasCatalog.merge(bundled, ...files.map((f) => readAliasCatalog(io, f, maxBytes)));
}
