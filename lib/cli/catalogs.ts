// Engine modules by path, not the engine's index: main.ts loads this file for every command.
import { AliasCatalog, AliasCatalogLimitError } from '../policy-engine/aliases';
import { bundledAliases } from '../policy-engine/bundled-aliases';
import { PolicyEngineError } from '../policy-engine/errors';
import { CliIo, CliUsageError, fileLimit, formatBytes, readFileBounded } from './io';

/**
 * Reads an alias catalog file: ARM's provider format (`az provider list --expand resourceTypes/aliases`, an array or
 * `{value: [...]}`) or a flat `aliasName,defaultPath` table (any file that is not JSON), either of them gzip-compressed
 * or not. Its text may not exceed the alias limit (`--max-file-size`, default 512 MiB): a larger file, or a gzip file
 * that inflates to more, is a CliUsageError (exit 2) naming the file and the limit, before more is read.
 */
export function readAliasCatalog(io: CliIo, file: string): AliasCatalog {
  const maxBytes = fileLimit(io, { kind: 'aliases' });
  const bytes = readFileBounded(io, file, 'alias catalog', { kind: 'aliases' });
  try {
    return AliasCatalog.fromBytes(bytes, `alias catalog ${file}`, { maxBytes });
  } catch (err) {
    if (err instanceof AliasCatalogLimitError) {
      throw new CliUsageError(`alias catalog ${file}: ${err.inflated ? 'inflates to' : 'is'} more than the ${formatBytes(err.limit)} limit for this input (raise it with --max-file-size)`);
    }
    const message = err instanceof PolicyEngineError ? err.rawMessage : (err as Error).message;
    throw new CliUsageError(message.startsWith('alias catalog') ? message : `alias catalog ${file}: ${message}`);
  }
}

/** The bundled catalog plus every `--aliases` file given (each read within the alias size limit). */
export function aliasesFor(io: CliIo, files: readonly string[] | undefined): AliasCatalog {
  const bundled = bundledAliases();
  if (!files || files.length === 0) return bundled;
  return AliasCatalog.merge(bundled, ...files.map((f) => readAliasCatalog(io, f)));
}
