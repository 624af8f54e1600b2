/**
 * Drafts of the person's own text in plan forms, so that nothing typed is lost to a failed
 * save, a lost connection or an expired session. Kept in sessionStorage (this tab only,
 * gone when the tab closes), keyed by plan, section and item; cleared when the text is
 * saved and when the person logs out. This is the only plan data the app keeps in the
 * browser, and only what the person wrote.
 *
 * Logging out (and the idle timeout, which logs out) makes the server send
 * `Clear-Site-Data`, which empties storage. For the timeout the drafts are put back
 * afterwards from the copy in memory, so they are offered again after the next login.
 */

const PREFIX = 'samvirke.draft.';

export type Draft<V> = { values: V; savedAt: number };

/** In-memory copy of this tab's drafts (what `Clear-Site-Data` cannot reach). */
const memory = new Map<string, string>();

export function draftKey(planId: string, section: string, itemId: string | null): string {
  return `${PREFIX}${planId}.${section}.${itemId ?? 'new'}`;
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function readDraft<V>(key: string): Draft<V> | null {
  let text: string | null | undefined;
  try {
    text = storage()?.getItem(key);
  } catch {
    text = null;
  }
  text ??= memory.get(key) ?? null;
  if (!text) return null;
  try {
    const draft = JSON.parse(text) as Draft<V>;
    return typeof draft === 'object' && draft && 'values' in draft ? draft : null;
  } catch {
    return null;
  }
}

export function writeDraft<V>(key: string, values: V): void {
  const text = JSON.stringify({ values, savedAt: Date.now() } satisfies Draft<V>);
  memory.set(key, text);
  try {
    storage()?.setItem(key, text);
  } catch {
    // Storage full or blocked: the copy in memory still covers this page view.
  }
}

export function clearDraft(key: string): void {
  memory.delete(key);
  try {
    storage()?.removeItem(key);
  } catch {
    // Nothing stored.
  }
}

/** The keys of stored drafts that start with `prefix` (e.g. one plan's section). */
export function draftKeys(prefix: string): string[] {
  const keys = new Set<string>();
  for (const key of memory.keys()) if (key.startsWith(prefix)) keys.add(key);
  const store = storage();
  if (store) {
    try {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (key?.startsWith(prefix)) keys.add(key);
      }
    } catch {
      // Blocked storage: memory only.
    }
  }
  return [...keys];
}

export function sectionDraftPrefix(planId: string, section: string): string {
  return `${PREFIX}${planId}.${section}.`;
}

/** Logging out: every draft goes, here and in storage. */
export function clearAllDrafts(): void {
  for (const key of draftKeys(PREFIX)) clearDraft(key);
  memory.clear();
}

/** After the idle timeout emptied storage: put this tab's drafts back. */
export function restoreDrafts(): void {
  const store = storage();
  if (!store) return;
  for (const [key, text] of memory) {
    try {
      store.setItem(key, text);
    } catch {
      return;
    }
  }
}
