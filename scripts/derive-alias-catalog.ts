/**
 * Derives the bundled alias catalog (`lib/policy-engine/data/aliases.v1.txt.br`) from the flat alias table
 * `aliasName,defaultPath` (gzip or plain CSV).
 *
 *   npm run derive:aliases [-- <aliases.csv.gz>]        default: /work/shared/azure-policy-aliases/aliases.csv.gz
 *
 * Format (UTF-8 text, brotli-compressed), made to decode with nothing but string splits:
 *   line 1: `guardrails-aliases 1 <row count>`
 *   `>Prefix`            starts a block; the rows below are aliases named `Prefix/<suffix>`
 *   `suffix`             alias `Prefix/suffix` with default path `properties.<suffix>` (the common case)
 *   `suffix\t=`          default path equal to the suffix itself (`sku.name`, `zones[*]`, ...)
 *   `suffix\t<path>`     any other default path
 * Blocks follow the source order (a prefix may open several blocks), so the decoded table is the source table
 * row for row, duplicates included: `bundledAliases()` is exactly `AliasCatalog.fromFlatTable(<source>)`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

const DEFAULT_SOURCE = '/work/shared/azure-policy-aliases/aliases.csv.gz';
const OUT_DIR = path.join(__dirname, '..', 'lib', 'policy-engine', 'data');
const OUT_FILE = path.join(OUT_DIR, 'aliases.v1.txt.br');

/** Splits an alias name into the resource-type-like prefix and the property suffix. */
export function splitAliasName(name: string): { prefix: string; suffix: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { prefix: '', suffix: name };
  const segments = name.slice(slash + 1).split('/');
  let i = 0;
  // Type segments carry no '.' or '['; the property part starts at the first one that does (or the last segment).
  while (i < segments.length - 1 && !/[.[]/.test(segments[i])) i++;
  return { prefix: name.slice(0, slash) + (i > 0 ? '/' + segments.slice(0, i).join('/') : ''), suffix: segments.slice(i).join('/') };
}

/** Encodes flat `alias,path` rows into the catalog text. */
export function encodeAliasTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const out: string[] = [`guardrails-aliases 1 ${rows.length}`];
  let current: string | undefined;
  for (const [name, defaultPath] of rows) {
    const { prefix, suffix } = splitAliasName(name);
    if (prefix !== current) {
      out.push('>' + prefix);
      current = prefix;
    }
    if (defaultPath === 'properties.' + suffix) out.push(suffix);
    else if (defaultPath === suffix) out.push(suffix + '\t=');
    else out.push(suffix + '\t' + defaultPath);
  }
  return out.join('\n') + '\n';
}

function readSource(file: string): string {
  const raw = fs.readFileSync(file);
  return (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
}

function main(argv: string[]): number {
  const source = argv[0] ?? DEFAULT_SOURCE;
  if (!fs.existsSync(source)) {
    process.stderr.write(`derive-alias-catalog: ${source} not found (pass the path of aliases.csv[.gz] as the first argument)\n`);
    return 2;
  }
  const rows: [string, string][] = [];
  const lines = readSource(source).split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const comma = line.indexOf(',');
    const name = comma < 0 ? '' : line.slice(0, comma).trim();
    const defaultPath = comma < 0 ? '' : line.slice(comma + 1).trim();
    if (!name || !defaultPath || /[\t\n]/.test(line) || name.startsWith('>')) {
      throw new Error(`${source}:${index + 1}: expected "aliasName,defaultPath", got ${JSON.stringify(line)}`);
    }
    rows.push([name, defaultPath]);
  });
  const text = encodeAliasTable(rows);
  const compressed = zlib.brotliCompressSync(Buffer.from(text, 'utf8'), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT },
  });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(OUT_FILE, compressed);
  const blocks = text.split('\n').filter((l) => l.startsWith('>')).length;
  process.stdout.write(
    `${path.relative(process.cwd(), OUT_FILE)}: ${rows.length} aliases in ${blocks} blocks, ` +
      `${text.length} bytes of text -> ${compressed.length} bytes brotli\n`,
  );
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
