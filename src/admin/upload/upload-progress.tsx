// A file on its way to the server: the bytes sent, then the server reading it; Cancel stops it.
import type { UploadProgress } from '../api/client.ts';
import { ProgressBar } from '../shared/ui.tsx';

export function UploadProgressView({
  file,
  progress,
  onCancel,
}: {
  file: File;
  progress: UploadProgress;
  onCancel: () => void;
}) {
  return (
    <div className="upload-progress">
      <ProgressBar
        label={
          progress.phase === 'uploading'
            ? `Uploading ${file.name}… ${Math.round(progress.fraction * 100)}%`
            : `Reading and checking ${file.name}…`
        }
        fraction={progress.phase === 'uploading' ? progress.fraction : null}
      />
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
