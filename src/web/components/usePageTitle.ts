import { useEffect } from 'react';

/** Sets `document.title` to "<title> – Samvirke"; pass an already translated title. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Samvirke`;
  }, [title]);
}
