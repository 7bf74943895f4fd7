/**
 * Derives the bundled alias catalog `lib/policy-engine/data/aliases.v1.csv.br` from the flat alias table
 * `aliasName,defaultPath` (gzip or plain CSV).
 *
 *   npm run derive:aliases [-- <aliases.csv.gz>]        default: /work/shared/azure-policy-aliases/aliases.csv.gz
 *
 * Format: the source rows, validated and normalised (trimmed, no blank lines, LF endings), after one `#` comment
 * line, compressed with brotli (quality 11, 16 MiB window). Why not a denser encoding (rows grouped by resource type
 * with the prefix factored out): it makes the file ~25% smaller (302 KB instead of 404 KB) but must be re-expanded
 * in JavaScript before `AliasCatalog.fromFlatTable` can read it, which costs more (~50 ms) than brotli saves;
 * brotli already factors the repeated prefixes out, and native decompression of the flat text is the fastest load.
 * `bundledAliases()` is therefore exactly `AliasCatalog.fromFlatTable(<source>)`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

const DEFAULT_SOURCE = '/work/shared/azure-policy-aliases/aliases.csv.gz';
const OUT_FILE = path.join(__dirname, '..', 'lib', 'policy-engine', 'data', 'aliases.v1.csv.br');

/** Reads the source table (gzip detected by its magic bytes) and returns validated `[name, defaultPath]` rows. */
export function readAliasRows(file: string): [string, string][] {
  const raw = fs.readFileSync(file);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
  const rows: [string, string][] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const comma = line.indexOf(',');
    const name = comma < 0 ? '' : line.slice(0, comma).trim();
    const defaultPath = comma < 0 ? '' : line.slice(comma + 1).trim();
    if (!name.includes('/') || !defaultPath || defaultPath.includes(',') || name.startsWith('#')) {
      throw new Error(`${file}:${index + 1}: expected "aliasName,defaultPath", got ${JSON.stringify(line)}`);
    }
    rows.push([name, defaultPath]);
  });
  return rows;
}

/** The catalog text: a comment line, then one `aliasName,defaultPath` row per line. */
export function encodeAliasCatalog(rows: ReadonlyArray<readonly [string, string]>): string {
  const header = `# cdktf-azure-guardrails alias catalog v1: ${rows.length} rows aliasName,defaultPath (see NOTICE.md)`;
  return [header, ...rows.map(([n, p]) => `${n},${p}`)].join('\n') + '\n';
}

function main(argv: string[]): number {
  const source = argv[0] ?? DEFAULT_SOURCE;
  if (!fs.existsSync(source)) {
    process.stderr.write(`derive-alias-catalog: ${source} not found (pass the path of aliases.csv[.gz] as the first argument)\n`);
    return 2;
  }
  const rows = readAliasRows(source);
  const text = Buffer.from(encodeAliasCatalog(rows), 'utf8');
  const compressed = zlib.brotliCompressSync(text, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: text.length,
    },
  });
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, compressed);
  process.stdout.write(`${path.relative(process.cwd(), OUT_FILE)}: ${rows.length} aliases, ${text.length} bytes -> ${compressed.length} bytes (brotli)\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
