import { createHash } from 'crypto';
import { stableHash } from '../core/validate';

/** Namespace of the kit's name-based GUIDs (a fixed random GUID). */
export const KIT_GUID_NAMESPACE = '6f1d3c2e-8a4b-5e6f-9a0b-1c2d3e4f5a6b';

/**
 * A name-based GUID in the style of RFC 4122 version 5 (SHA-1 of namespace + name): the same input always gives
 * the same GUID, so role assignment names do not change between synths and re-runs.
 */
export function deterministicGuid(name: string, namespace: string = KIT_GUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}



/**
 * Fits a name into `max` characters: unchanged when it fits, otherwise a prefix plus `-` and a stable hash of the
 * whole name, so two long names stay distinct.
 */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = stableHash(name, 6);
  return `${name.slice(0, max - hash.length - 1).replace(/[-_.]+$/, '')}-${hash}`;
}
