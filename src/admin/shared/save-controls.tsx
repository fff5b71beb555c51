// The controls of a list edited locally and saved at once (the draft's entries, the prizes):
// "Discard changes", the save button, and the note that something is not saved yet.
import { Notice } from './ui.tsx';

export function DiscardAndSave({
  dirty,
  saving,
  saveLabel,
  onDiscard,
  onSave,
}: {
  dirty: boolean;
  saving: boolean;
  /** The save button's text, e.g. `Save draft`. */
  saveLabel: string;
  onDiscard: () => void;
  onSave: () => void;
}) {
  return (
    <>
      <button type="button" onClick={onDiscard} disabled={!dirty || saving}>
        Discard changes
      </button>
      <button type="button" className="button-primary" onClick={onSave} disabled={!dirty || saving}>
        {saving ? 'Saving…' : saveLabel}
      </button>
    </>
  );
}

export function UnsavedNotice({ dirty, saveLabel }: { dirty: boolean; saveLabel: string }) {
  return dirty ? (
    <Notice kind="warning">Unsaved changes: “{saveLabel}” sends them to the server.</Notice>
  ) : null;
}
