import { AliasCatalog, bundledAliases } from '../policy-engine';
import { CliIo, CliUsageError, describeJsonError, readTextFile } from './io';

/**
 * Reads an alias catalog file: ARM's provider format (`az provider list --expand resourceTypes/aliases`, an array or
 * `{value: [...]}`) or a flat `aliasName,defaultPath` table (any file that is not JSON).
 */
export function readAliasCatalog(io: CliIo, file: string): AliasCatalog {
  const text = readTextFile(io, file, 'alias catalog');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new CliUsageError(`alias catalog ${file}: invalid JSON: ${describeJsonError(text, err)}`);
    }
    try {
      return AliasCatalog.fromArmProviders(json);
    } catch (err) {
      throw new CliUsageError(`alias catalog ${file}: not in ARM provider format: ${(err as Error).message}`);
    }
  }
  try {
    return AliasCatalog.fromFlatTable(text);
  } catch (err) {
    throw new CliUsageError(`alias catalog ${file}: ${(err as Error).message}`);
  }
}

/** The bundled catalog plus every `--aliases` file given. */
export function aliasesFor(io: CliIo, files: readonly string[] | undefined): AliasCatalog {
  const bundled = bundledAliases();
  if (!files || files.length === 0) return bundled;
  return AliasCatalog.merge(bundled, ...files.map((f) => readAliasCatalog(io, f)));
}
