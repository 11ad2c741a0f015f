import type { ProjectFile } from '../../../shared/contract';

/**
 * The project files of a folder (as `project.list` gives them) as buttons,
 * for the dialogs that pick one (Open, Add runs): web mode has no native file
 * dialog. `files` is null while the listing loads (nothing is shown then).
 */
export function ProjectFileList({
  files,
  onPick,
  testId,
  itemTestId,
  disabled = false,
  current = null,
}: {
  files: ProjectFile[] | null;
  onPick: (path: string) => void;
  /** Of the list, and of each file's button. */
  testId: string;
  itemTestId: string;
  disabled?: boolean;
  /** The open project's file, marked "(this project)". */
  current?: string | null;
}) {
  return (
    <ul className="file-picker" data-testid={testId}>
      {files?.length === 0 && <li className="muted">No projects saved here yet.</li>}
      {files?.map((f) => (
        <li key={f.path}>
          <button type="button" disabled={disabled} onClick={() => onPick(f.path)} data-testid={itemTestId} title={f.path}>
            <strong>{f.name}</strong> <span className="muted small">{new Date(f.modifiedAt).toLocaleString()}</span>
            {f.path === current && <span className="muted small"> (this project)</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
