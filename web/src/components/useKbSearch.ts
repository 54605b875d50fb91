/**
 * Knowledge search as the user types, for the knowledge base page and the order's article picker,
 * the way the console's suggestions work: from two characters on, the ranked search
 * (GET /api/knowledge/suggest: Chinese bigrams weighed by rarity, the matched phrases to mark, a
 * snippet), one request per pause in typing, a request made stale by further typing cancelled
 * (TanStack Query aborts its signal when the key changes). One character has no bigram to rank by:
 * it is a substring search, and no text lists the articles by last change (GET /api/knowledge).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { kb, type Suggestion } from '../api/workorders';
import { useDebounced } from './useDebounced';

/** The most the ranked search answers (the server's limit). */
export const KB_RANKED_MAX = 20;
/** The longest search text (the substring search takes 100 characters). */
export const KB_QUERY_MAX = 100;

/** A ranked suggestion or a listed article: `terms` to mark in title and snippet (longest first); `snippet` (the part of the body around the matches) for ranked hits only. */
export type KbHit = Pick<Suggestion, 'id' | 'title' | 'category' | 'tags' | 'status' | 'usedCount' | 'terms'> & Partial<Pick<Suggestion, 'snippet'>>;

export function useKbSearch(text: string, { includeAll = false, limit }: { includeAll?: boolean; limit: number }) {
  const q = useDebounced(text.replace(/\s+/g, ' ').trim().slice(0, KB_QUERY_MAX), 300);
  const ranked = q.length >= 2;
  const res = useQuery<KbHit[]>({
    queryKey: ['kb', 'search', q, includeAll, limit],
    queryFn: async ({ signal }) =>
      ranked
        ? (await kb.suggest({ text: q, limit: Math.min(limit, KB_RANKED_MAX), includeAll }, signal)).items
        : (await kb.search({ q: q || undefined, includeAll: includeAll || undefined, limit, offset: 0 }, signal)).items.map((a) => ({
            ...a,
            terms: q ? [q] : [],
          })),
    placeholderData: keepPreviousData,
  });
  return {
    /** the text the results are for (it trails the typed text by the pause) */
    q,
    ranked,
    items: res.data ?? [],
    isFetching: res.isFetching,
    error: res.error,
    refetch: res.refetch,
  };
}
