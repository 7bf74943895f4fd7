import { AliasCatalog, PolicyEngineError, bundledAliases } from '../policy-engine';
import { CliIo, CliUsageError, readTextFile } from './io';

/**
 * Reads an alias catalog file: ARM's provider format (`az provider list --expand resourceTypes/aliases`, an array or
 * `{value: [...]}`) or a flat `aliasName,defaultPath` table (any file that is not JSON).
 */
export function readAliasCatalog(io: CliIo, file: string): AliasCatalog {
  const text = readTextFile(io, file, 'alias catalog', { kind: 'aliases' });
  try {
    return AliasCatalog.fromText(text, `alias catalog ${file}`);
  } catch (err) {
    const message = err instanceof PolicyEngineError ? err.rawMessage : (err as Error).message;
    throw new CliUsageError(message.startsWith('alias catalog') ? message : `alias catalog ${file}: ${message}`);
  }
}

/** The bundled catalog plus every `--aliases` file given. */
export function aliasesFor(io: CliIo, files: readonly string[] | undefined): AliasCatalog {
  const bundled = bundledAliases();
  if (!files || files.length === 0) return bundled;
  return AliasCatalog.merge(bundled, ...files.map((f) => readAliasCatalog(io, f)));
}
