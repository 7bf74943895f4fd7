import * as fs from 'fs';
import * as zlib from 'zlib';

/**
 * What a committed data file costs the package: its size on disk (what an install unpacks) and in the npm tarball
 * (npm pack gzips the tar; the packed data is brotli already, so gzip barely changes it: measured here, not assumed).
 */
export function packedSizeNote(file: string): string {
  const bytes = fs.readFileSync(file);
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  return `${bytes.length} bytes on disk (${(bytes.length / 1048576).toFixed(2)} MiB), ${gz} bytes gzip-compressed in the npm tarball`;
}
