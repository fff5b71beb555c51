// Unsaved edits (the draft table) must not vanish when the organizer switches tab or wheel,
// or publish without them: in-app navigation asks first, and so does closing the page.
import { useEffect } from 'react';

let unsavedOwners = 0;

/** While `dirty`, leaving the page or the panel asks for confirmation. */
export function useUnsavedChangesGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    unsavedOwners++;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      unsavedOwners--;
      window.removeEventListener('beforeunload', warn);
    };
  }, [dirty]);
}

/** True when nothing is unsaved, or the organizer agrees to drop it. */
export function confirmLeavingUnsavedChanges(): boolean {
  return unsavedOwners === 0 || window.confirm('The draft has unsaved changes. Leave without saving them?');
}
