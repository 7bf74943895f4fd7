import type { AliasCatalog } from './aliases';

/**
 * "Did you mean" suggestions: the closest candidates by edit distance (insertions, deletions, substitutions and
 * swaps of neighbours, case-insensitive), within a distance that grows with the length of the word. Bounded work:
 * each comparison stops as soon as it cannot beat the limit.
 */

/** Edit distance of a and b (optimal string alignment), or `limit + 1` as soon as it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** Up to `max` candidates closest to `word` (case-insensitive), best first; none when nothing is close. */
export function closestMatches(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const limit = w.length <= 4 ? 1 : Math.max(2, Math.floor(w.length / 4));
  const scored: [number, string][] = [];
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), limit);
    if (d <= limit) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
  return [...new Set(scored.map(([, c]) => c))].slice(0, max);
}

/** `; did you mean 'a' or 'b'?`, or '' when there is nothing close. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = "'"): string {
  const m = closestMatches(word, candidates);
  if (m.length === 0) return '';
  const q = m.map((c) => `${quote}${c}${quote}`);
  return `; did you mean ${q.length === 1 ? q[0] : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`}?`;
}

const byCatalog = new WeakMap<AliasCatalog, Map<string, string[]>>();

/**
 * Suggestions for an alias the catalog does not know: aliases of the same resource type first (the usual typo is
 * in the property part, `...supportHttpsTrafficOnly` for `...supportsHttpsTrafficOnly`), else of the same namespace.
 */
export function suggestAlias(catalog: AliasCatalog, alias: string): string {
  let index = byCatalog.get(catalog);
  if (!index) {
    index = new Map();
    for (const name of catalog.names()) {
      const ns = name.split('/')[0].toLowerCase();
      let list = index.get(ns);
      if (!list) index.set(ns, (list = []));
      list.push(name);
    }
    byCatalog.set(catalog, index);
  }
  const ns = alias.split('/')[0].toLowerCase();
  const sameNamespace = index.get(ns);
  if (!sameNamespace) return '';
  // Compare the property part within the same type (the limit then follows the length of what was typed there),
  // else whole names within the namespace.
  const cut = alias.lastIndexOf('/') + 1;
  const prefix = alias.slice(0, cut).toLowerCase();
  const sameType = cut > 0 ? sameNamespace.filter((n) => n.toLowerCase().startsWith(prefix)) : [];
  if (sameType.length > 0) {
    const byProperty = new Map(sameType.map((n) => [n.slice(cut), n]));
    const close = closestMatches(alias.slice(cut), byProperty.keys());
    if (close.length > 0) return didYouMean(alias, close.map((p) => byProperty.get(p)!));
    return '';
  }
  return didYouMean(alias, sameNamespace);
}
