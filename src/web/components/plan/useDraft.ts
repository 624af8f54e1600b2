import { useRef, useState } from 'react';
import { clearDraft, readDraft, writeDraft } from '../../api/drafts.ts';

export type FormValues = Record<string, string | string[]>;

function same(a: FormValues, b: FormValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    if (Array.isArray(x) || Array.isArray(y)) {
      const xs = Array.isArray(x) ? [...x].sort() : [x];
      const ys = Array.isArray(y) ? [...y].sort() : [y];
      if (xs.join('\u0000') !== ys.join('\u0000')) return false;
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}

/**
 * A form's values, kept as a draft in this tab while they differ from what was loaded.
 * An earlier unsaved draft for the same key is put back at once (`restored` says when it
 * was written), so nothing typed before a failed save or an expired session is lost; the
 * person can still go back to the saved text with `discardRestored`.
 */
export function useDraft(key: string, initial: FormValues) {
  const initialRef = useRef(initial);
  const [restored, setRestored] = useState<number | null>(() => {
    const draft = readDraft<FormValues>(key);
    return draft && !same(draft.values, initial) ? draft.savedAt : null;
  });
  const [values, setValuesState] = useState<FormValues>(() => {
    const draft = readDraft<FormValues>(key);
    return draft && !same(draft.values, initial) ? { ...initial, ...draft.values } : initial;
  });

  const setValues = (next: FormValues) => {
    setValuesState(next);
    if (same(next, initialRef.current)) clearDraft(key);
    else writeDraft(key, next);
  };

  return {
    values,
    set: (name: string, value: string | string[]) => setValues({ ...values, [name]: value }),
    setValues,
    restored,
    /** Back to what was saved: the draft goes. */
    discardRestored: () => {
      clearDraft(key);
      setRestored(null);
      setValuesState(initialRef.current);
    },
    /** The saved text is now the starting point (after a save, or taking the other version). */
    rebase: (next: FormValues, keep: FormValues = next) => {
      initialRef.current = next;
      setRestored(null);
      setValues(keep);
    },
    /** Saved: nothing to keep. */
    clear: () => clearDraft(key),
  };
}
