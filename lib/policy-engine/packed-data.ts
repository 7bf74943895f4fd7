import * as fs from 'fs';
import * as zlib from 'zlib';

/**
 * The container of the package's compressed catalogs (`lib/policy-engine/data/*.bin`): a small index and
 * independently compressed chunks, so that a reader inflates only the chunks it looks something up in.
 *
 * Layout: the 8 ASCII bytes `GRPACK01`; the index's compressed and raw lengths (two unsigned 32-bit little-endian
 * integers); the index (brotli-compressed JSON, an object with a `chunks` array of `[offset, length, rawLength]`,
 * offsets from the end of the index); then the brotli-compressed chunks.
 *
 * Every inflation is bounded by the raw length the index records (and at most {@link MAX_PACKED_PART_BYTES}), so a
 * damaged or hostile file fails with an error naming it instead of inflating without bound.
 */
export const PACKED_MAGIC = 'GRPACK01';

/** Upper bound of one inflated part (the index or a chunk): 64 MiB. */
export const MAX_PACKED_PART_BYTES = 64 * 1024 * 1024;

const HEADER_BYTES = 16;

/** Where a chunk lies: byte offset after the index, compressed length, inflated length. */
export type PackedChunkRef = readonly [offset: number, length: number, rawLength: number];

/** The index of a packed file: whatever the writer put in it, plus the chunk table. */
export interface PackedIndex {
  readonly chunks: readonly PackedChunkRef[];
}

/** A packed data file opened for reading: the index is read and inflated at open, chunks on request. */
export class PackedDataFile<I extends PackedIndex> {
  /**
   * Opens `file` and reads its index. Throws an Error naming the file when it is missing, not a packed file, or
   * damaged.
   */
  public static open<I extends PackedIndex>(file: string): PackedDataFile<I> {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (e) {
      throw new Error(`${file}: cannot open the packed catalog (${(e as Error).message})`);
    }
    try {
      const size = fs.fstatSync(fd).size;
      const header = readAt(fd, 0, HEADER_BYTES, file);
      if (header.toString('latin1', 0, 8) !== PACKED_MAGIC) throw new Error(`${file}: not a packed catalog (no ${PACKED_MAGIC} header)`);
      const length = header.readUInt32LE(8);
      const rawLength = header.readUInt32LE(12);
      if (HEADER_BYTES + length > size) throw new Error(`${file}: damaged packed catalog (index runs past the end of the file)`);
      const json = inflate(readAt(fd, HEADER_BYTES, length, file), rawLength, `${file} (index)`).toString('utf8');
      const index = JSON.parse(json) as I;
      if (!index || !Array.isArray(index.chunks)) throw new Error(`${file}: damaged packed catalog (index without a chunk table)`);
      const base = HEADER_BYTES + length;
      for (const c of index.chunks) {
        if (!Array.isArray(c) || c.length !== 3 || !c.every((n) => Number.isSafeInteger(n) && n >= 0) || base + c[0] + c[1] > size) {
          throw new Error(`${file}: damaged packed catalog (chunk ${JSON.stringify(c)} outside the file)`);
        }
      }
      return new PackedDataFile<I>(file, index, base);
    } finally {
      fs.closeSync(fd);
    }
  }

  private constructor(
    /** Path of the file. */
    public readonly file: string,
    /** The index as written. */
    public readonly index: I,
    private readonly base: number,
  ) {}

  /** Inflates chunk `i` (not cached: callers keep what they parse). */
  public chunk(i: number): Buffer {
    const ref = this.index.chunks[i];
    if (!ref) throw new Error(`${this.file}: no chunk ${i}`);
    const fd = fs.openSync(this.file, 'r');
    try {
      return inflate(readAt(fd, this.base + ref[0], ref[1], this.file), ref[2], `${this.file} (chunk ${i})`);
    } finally {
      fs.closeSync(fd);
    }
  }
}

function readAt(fd: number, position: number, length: number, file: string): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error(`${file}: damaged packed catalog (ends early)`);
    done += n;
  }
  return buf;
}

function inflate(compressed: Buffer, rawLength: number, what: string): Buffer {
  if (rawLength > MAX_PACKED_PART_BYTES) throw new Error(`${what}: part of ${rawLength} bytes exceeds the ${MAX_PACKED_PART_BYTES}-byte limit`);
  let out: Buffer;
  try {
    // One output chunk of the recorded size spares zlib the concatenation of 64 KiB pieces.
    out = zlib.brotliDecompressSync(compressed, { maxOutputLength: Math.max(rawLength, 1), chunkSize: Math.max(rawLength, 1024) });
  } catch (e) {
    throw new Error(`${what}: damaged packed catalog (${(e as Error).message})`);
  }
  if (out.length !== rawLength) throw new Error(`${what}: damaged packed catalog (inflated to ${out.length} bytes, the index says ${rawLength})`);
  return out;
}

function compress(data: Buffer): Buffer {
  return zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

/**
 * Writes a packed file's bytes: `index` (any JSON object; its `chunks` member is set here) and the raw chunks,
 * each compressed with brotli (quality 11). Used by the derivation scripts; deterministic for the same input.
 */
export function packData(index: Record<string, unknown>, chunks: readonly Buffer[]): Buffer {
  const compressed = chunks.map(compress);
  let offset = 0;
  const table: PackedChunkRef[] = compressed.map((c, i) => {
    const ref: PackedChunkRef = [offset, c.length, chunks[i].length];
    offset += c.length;
    return ref;
  });
  const rawIndex = Buffer.from(JSON.stringify({ ...index, chunks: table }), 'utf8');
  const indexBytes = compress(rawIndex);
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(PACKED_MAGIC, 0, 'latin1');
  header.writeUInt32LE(indexBytes.length, 8);
  header.writeUInt32LE(rawIndex.length, 12);
  return Buffer.concat([header, indexBytes, ...compressed]);
}
