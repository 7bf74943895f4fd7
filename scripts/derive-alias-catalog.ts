/**
 * Derives the bundled alias catalog `lib/policy-engine/data/aliases.v2.bin` from two dumps of Azure Policy aliases,
 * flat tables `aliasName,defaultPath` (gzip or plain CSV), an older and a newer one:
 *
 *   npm run derive:aliases [-- --older <aliases.csv.gz>] [--newer <aliases-2026-08.csv.gz>] [--check]
 *
 * Defaults: `../shared/azure-policy-aliases/aliases.csv.gz` (2024) and `aliases-2026-08.csv.gz` (2026-08) beside
 * the package (see scripts/shared-dir.ts). `--check` writes nothing and exits 1 when the committed catalog differs from what the sources give.
 *
 * Merge (per alias name, case-insensitively):
 * - in the newer dump: the newer path comes first (Azure moved some properties, e.g.
 *   `Microsoft.Web/sites/vnetImagePullEnabled` now reads `properties.outboundVnetRouting.imagePullTraffic`), followed
 *   by the older path, which is what requests of older API versions carry (azurerm v4.55.0 sends web apps with API
 *   2023-12-01, holding `properties.vnetImagePullEnabled`): the engine reads, per resource, the first of an alias's
 *   paths that is present (lib/policy-engine/fields.ts resolveField), so the alias's value is found either way; except where the older dump declares the name on
 *   several resource types with different paths (`Microsoft.Compute/imagePublisher` on virtual machines, scale sets
 *   and disks): the newer table, converted from one table per resource type into one row per name, keeps only one of
 *   them and cannot say which type it belongs to, so all the older declarations stay, in their order, followed by
 *   the newer path when it is a new one;
 * - in the older dump only: Azure removed the alias; it stays, marked `removed`, so that older definitions naming it
 *   still compile (with a note);
 * - in neither: the few aliases Azure's built-ins name from providers neither dump covers come from `SUPPLEMENT`
 *   below, each path checked against the resource's REST API model.
 *
 * Format: a packed file (`lib/policy-engine/packed-data.ts`, read by `lib/policy-engine/bundled-aliases.ts`): the
 * aliases grouped by resource type (`aliasGroup`), whole groups packed into chunks of about 64 KB of flat-table text
 * (`aliasName,defaultPath[,removed]` lines, what `AliasCatalog.fromFlatTable` reads), so that a look-up inflates one
 * small chunk. Why not one chunk per namespace: Microsoft.Network alone is 4.7 MB of text (35% of the catalog), whose
 * parse would cost more than the whole start-up budget of `guardrails eval`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { BUNDLED_ALIAS_FORMAT, BundledAliasIndex, bundledAliasFile, readBundledAliasChunks } from '../lib/policy-engine/bundled-aliases';
import { aliasGroup, typeGroup } from '../lib/policy-engine/aliases';
import { packData } from '../lib/policy-engine/packed-data';
import { fold } from '../lib/policy-engine/values';
import { packedSizeNote } from './packed-size';
import { sharedDir } from './shared-dir';

const ROOT = path.join(__dirname, '..');
const SHARED = sharedDir('azure-policy-aliases');
const DEFAULT_OLDER = path.join(SHARED, 'aliases.csv.gz');
const DEFAULT_NEWER = path.join(SHARED, 'aliases-2026-08.csv.gz');

const PROVIDER_SDK = 'azurerm v4.55.0 vendor/github.com/hashicorp/go-azure-sdk/resource-manager';

/**
 * Aliases that Azure's own built-in definitions name but neither dump lists (the subscriptions the dumps came from
 * had not registered the provider: Microsoft.MobileNetwork is absent from both). Each path is the property in the
 * resource type's REST API model, cited; a row is used only while neither dump has the name.
 */
export const SUPPLEMENT: ReadonlyArray<readonly [name: string, path: string, source: string]> = [
  // Built-ins "Configure Packet Core Control Plane diagnostic access to use authentication type Microsoft EntraID" (Audit, Modify).
  ['Microsoft.MobileNetwork/packetCoreControlPlanes/localDiagnosticsAccess.authenticationType', 'properties.localDiagnosticsAccess.authenticationType',
    `${PROVIDER_SDK}/mobilenetwork/2022-11-01/packetcorecontrolplane/model_packetcorecontrolplanepropertiesformat.go (localDiagnosticsAccess), model_localdiagnosticsaccessconfiguration.go (authenticationType)`],
  // Built-in "SIM Group should use customer-managed keys to encrypt data at rest".
  ['Microsoft.MobileNetwork/simGroups/encryptionKey.keyUrl', 'properties.encryptionKey.keyUrl',
    `${PROVIDER_SDK}/mobilenetwork/2022-11-01/simgroup/model_simgrouppropertiesformat.go (encryptionKey), model_keyvaultkey.go (keyUrl)`],
];

/** One row of the derived catalog. */
export interface CatalogRow {
  readonly name: string;
  readonly path: string;
  readonly removed?: boolean;
}

/** Figures of a merge. */
export interface MergeStats {
  /** Rows in each source. */
  olderRows: number;
  newerRows: number;
  /** Distinct names in the result. */
  aliases: number;
  /** Rows in the result (a name declared on several types has several rows). */
  rows: number;
  /** Names only in the newer dump. */
  added: number;
  /** Names only in the older dump (kept, marked removed). */
  removed: number;
  /** Names whose single path changed between the dumps (the newer one first, the older one kept after it). */
  changedPaths: number;
  /** Names the older dump declares on several types with different paths (all kept). */
  multiType: number;
  /** Names added from {@link SUPPLEMENT}. */
  supplemented: number;
}

/** Reads a source table (gzip detected by its magic bytes) and returns validated `[name, defaultPath]` rows. */
export function readAliasRows(file: string): [string, string][] {
  const raw = fs.readFileSync(file);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
  const rows: [string, string][] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const comma = line.indexOf(',');
    const name = comma < 0 ? '' : line.slice(0, comma).trim();
    const defaultPath = comma < 0 ? '' : line.slice(comma + 1).trim();
    if (!name.includes('/') || !defaultPath || defaultPath.includes(',') || /\s/.test(name + defaultPath) || name.startsWith('#')) {
      throw new Error(`${file}:${index + 1}: expected "aliasName,defaultPath", got ${JSON.stringify(line)}`);
    }
    rows.push([name, defaultPath]);
  });
  return rows;
}

/** Groups rows by folded name, keeping the first spelling of the name and the distinct paths in order. */
function byName(rows: ReadonlyArray<readonly [string, string]>): Map<string, { name: string; paths: string[] }> {
  const out = new Map<string, { name: string; paths: string[] }>();
  for (const [name, p] of rows) {
    const key = fold(name);
    const hit = out.get(key);
    if (!hit) out.set(key, { name, paths: [p] });
    else if (!hit.paths.includes(p)) hit.paths.push(p);
  }
  return out;
}

/** Merges an older and a newer dump (see the file comment). Rows come grouped by namespace, namespaces sorted. */
export function mergeAliasTables(
  older: ReadonlyArray<readonly [string, string]>,
  newer: ReadonlyArray<readonly [string, string]>,
  supplement: ReadonlyArray<readonly [string, string, string]> = [],
): { rows: CatalogRow[]; stats: MergeStats } {
  const old = byName(older);
  const cur = byName(newer);
  const rows: CatalogRow[] = [];
  const stats: MergeStats = { olderRows: older.length, newerRows: newer.length, aliases: 0, rows: 0, added: 0, removed: 0, changedPaths: 0, multiType: 0, supplemented: 0 };
  const extra = new Map<string, { name: string; paths: string[] }>();
  for (const [name, p] of supplement) {
    const key = fold(name);
    if (old.has(key) || cur.has(key)) continue; // a dump has it now: the dump wins
    stats.supplemented++;
    extra.set(key, { name, paths: [p] });
  }
  for (const [key, { name, paths }] of cur) {
    const before = old.get(key);
    if (!before) {
      stats.added++;
      for (const p of paths) rows.push({ name, path: p });
    } else if (before.paths.length > 1) {
      stats.multiType++;
      for (const p of [...before.paths, ...paths.filter((p) => !before.paths.includes(p))]) rows.push({ name, path: p });
    } else {
      // Paths are read case-insensitively: a change of case only is not a move.
      const moved = !paths.some((p) => fold(p) === fold(before.paths[0]));
      if (moved) stats.changedPaths++;
      for (const p of paths) rows.push({ name, path: p });
      if (moved) rows.push({ name, path: before.paths[0] });
    }
  }
  for (const [key, { name, paths }] of old) {
    if (cur.has(key)) continue;
    stats.removed++;
    for (const p of paths) rows.push({ name, path: p, removed: true });
  }
  for (const { name, paths } of extra.values()) for (const p of paths) rows.push({ name, path: p });
  // Group by alias group (stable: source order within a group), groups in sorted order.
  const order = new Map<string, number>();
  [...new Set(rows.map((r) => aliasGroup(fold(r.name))))].sort().forEach((g, i) => order.set(g, i));
  const grouped = rows
    .map((r, i) => ({ r, i, g: order.get(aliasGroup(fold(r.name)))! }))
    .sort((a, b) => a.g - b.g || a.i - b.i)
    .map((x) => x.r);
  stats.rows = grouped.length;
  stats.aliases = cur.size + stats.removed + stats.supplemented;
  return { rows: grouped, stats };
}

/** A flat-table line of the catalog. */
export function encodeRow(row: CatalogRow): string {
  return `${row.name},${row.path}${row.removed ? ',removed' : ''}`;
}

/** Raw size a chunk grows to before the next group starts a new one (a larger group is one chunk of its own). */
export const CHUNK_TARGET_BYTES = 64 * 1024;

/**
 * The chunks and the index members of the packed catalog: rows grouped by `aliasGroup` (a resource type's aliases),
 * whole groups packed into chunks of about {@link CHUNK_TARGET_BYTES} of flat-table text.
 */
export function encodeAliasCatalog(rows: readonly CatalogRow[], sources: BundledAliasIndex['sources'], target = CHUNK_TARGET_BYTES): { index: Omit<BundledAliasIndex, 'chunks'>; chunks: string[] } {
  const byGroup = new Map<string, string[]>();
  for (const row of rows) {
    const folded = fold(row.name);
    const g = aliasGroup(folded);
    // The lazy catalog finds a type's aliases (declaresProperty) in the type's group: it must be the name's group.
    const t = /^([^[]*)\//.exec(folded.split('[')[0])?.[1];
    if (t && t.includes('/') && typeGroup(t) !== g) throw new Error(`alias ${row.name}: group ${g} differs from its type's group ${typeGroup(t)}`);
    let lines = byGroup.get(g);
    if (!lines) byGroup.set(g, (lines = []));
    lines.push(encodeRow(row));
  }
  const chunks: string[] = [];
  const groups: [string, number, number, number, number][] = [];
  let current = '';
  for (const g of [...byGroup.keys()].sort()) {
    const text = byGroup.get(g)!.join('\n') + '\n';
    if (current !== '' && current.length + text.length > target) {
      chunks.push(current);
      current = '';
    }
    const start = Buffer.byteLength(current);
    current += text;
    groups.push([g, chunks.length, byGroup.get(g)!.length, start, start + Buffer.byteLength(text)]);
  }
  if (current !== '') chunks.push(current);
  const distinct = new Set(rows.map((r) => fold(r.name)));
  const removed = new Set(rows.filter((r) => r.removed).map((r) => fold(r.name)));
  return {
    index: { format: BUNDLED_ALIAS_FORMAT, sources, aliases: distinct.size, rows: rows.length, removed: removed.size, groups },
    chunks,
  };
}

function sourceInfo(file: string, rows: number, dumped: string): BundledAliasIndex['sources'][number] {
  return { file: path.basename(file), rows, dumped };
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function main(argv: string[]): number {
  const olderFile = argValue(argv, '--older') ?? DEFAULT_OLDER;
  const newerFile = argValue(argv, '--newer') ?? DEFAULT_NEWER;
  for (const f of [olderFile, newerFile]) {
    if (!fs.existsSync(f)) {
      process.stderr.write(`derive-alias-catalog: ${f} not found (pass --older <2024 table> --newer <2026 table>)\n`);
      return 2;
    }
  }
  const older = readAliasRows(olderFile);
  const newer = readAliasRows(newerFile);
  const { rows, stats } = mergeAliasTables(older, newer, SUPPLEMENT);
  const { index, chunks } = encodeAliasCatalog(rows, [
    sourceInfo(olderFile, older.length, '2024'),
    sourceInfo(newerFile, newer.length, '2026-08-21'),
    { file: 'SUPPLEMENT in scripts/derive-alias-catalog.ts', rows: stats.supplemented, dumped: 'REST API models vendored by azurerm v4.55.0' },
  ]);
  const out = bundledAliasFile();
  const summary = `${stats.aliases} aliases in ${index.groups.length} groups, ${chunks.length} chunks (${stats.added} added by the newer dump, ${stats.removed} kept as removed, ${stats.changedPaths} moved paths, ${stats.multiType} declared on several types, ${stats.supplemented} supplemented)`;
  if (argv.includes('--check')) {
    let current: { index: BundledAliasIndex; chunks: string[] } | undefined;
    try {
      current = readBundledAliasChunks(out);
    } catch {
      current = undefined;
    }
    const same = current !== undefined && JSON.stringify(current.chunks) === JSON.stringify(chunks)
      && JSON.stringify({ ...current.index, chunks: undefined }) === JSON.stringify({ ...index, chunks: undefined });
    if (!same) {
      process.stderr.write(`derive-alias-catalog: ${path.relative(ROOT, out)} is stale: run npm run derive:aliases\n`);
      return 1;
    }
    process.stdout.write(`${path.relative(ROOT, out)} is up to date: ${summary}; ${packedSizeNote(out)}\n`);
    return 0;
  }
  const bytes = packData({ ...index }, chunks.map((c) => Buffer.from(c, 'utf8')));
  fs.writeFileSync(out, bytes);
  const raw = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  process.stdout.write(`${path.relative(process.cwd(), out)}: ${summary}; ${raw} bytes of text -> ${packedSizeNote(out)}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
