/**
 * Precomputed sort keys for nicks: each nick's rank among the nicks seen so far, in the order of a (locale-aware,
 * expensive) comparison; nicks the comparison calls equal share a rank. Keeping a roster sorted then compares two
 * integers per step instead of calling `Intl.Collator#compare`. A new nick shifts the ranks after it by one, which
 * keeps every existing pair in order — so lists already sorted by rank stay sorted.
 */
export interface NickOrder {
  rank(nick: string): number;
  /** Ranks many nicks at once with one sort (a login), instead of one insertion each. */
  addAll(nicks: Iterable<string>): void;
}

export function createNickOrder(compare: (a: string, b: string) => number): NickOrder {
  /** One nick per rank (a representative of the nicks that compare equal), in order. */
  let classes: string[] = [];
  let ranks = new Map<string, number>();

  const insert = (nick: string): number => {
    let lo = 0;
    let hi = classes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(classes[mid], nick) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === classes.length || compare(classes[lo], nick)) {
      classes.splice(lo, 0, nick);
      for (const [k, r] of ranks) if (r >= lo) ranks.set(k, r + 1);
    }
    ranks.set(nick, lo);
    return lo;
  };

  return {
    rank: (nick) => ranks.get(nick) ?? insert(nick),
    addAll(nicks) {
      const fresh = new Set([...nicks].filter((n) => !ranks.has(n)));
      // Below this many, one insertion each is cheaper than re-ranking everything.
      if (fresh.size < 32) return fresh.forEach(insert);
      const all = [...ranks.keys(), ...fresh];
      // Most nicks order the same by plain lower-case comparison, and the engine's merge sort makes about n
      // comparisons on input already in order: a cheap pre-sort makes the expensive comparison's share near linear.
      const lower = new Map(all.map((n) => [n, n.toLowerCase()]));
      all.sort((a, b) => (lower.get(a)! < lower.get(b)! ? -1 : +(lower.get(a)! > lower.get(b)!))).sort(compare);
      classes = [];
      ranks = new Map();
      for (const n of all) {
        if (!classes.length || compare(classes[classes.length - 1], n)) classes.push(n);
        ranks.set(n, classes.length - 1);
      }
    },
  };
}
