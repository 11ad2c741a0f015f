import { useEffect, useState, type ReactNode } from 'react';
import { useAppStore } from '../store';
import { importKerasAt, openProjectAt, saveProjectAt, suggestedSavePath } from './actions';
import { RecentProjects } from './RecentProjects';
import { TemplateGallery } from './TemplateGallery';
import { useProjectListing } from './useProjectListing';

export function Modal({ title, onClose, children, className }: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={className ? `modal ${className}` : 'modal'} role="dialog" aria-label={title}>
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

export function OpenDialog({ onClose }: { onClose: () => void }) {
  const { files, dir } = useProjectListing();
  const [path, setPath] = useState('');
  const open = async (target: string) => {
    if (await openProjectAt(target)) onClose();
  };
  return (
    <Modal title="Open project" onClose={onClose}>
      <p className="muted small">Projects in {dir || '…'}</p>
      <ul className="file-picker" data-testid="project-files">
        {files?.length === 0 && <li className="muted">No projects saved here yet.</li>}
        {files?.map((f) => (
          <li key={f.path}>
            <button type="button" onClick={() => void open(f.path)} data-testid="project-file">
              <strong>{f.name}</strong> <span className="muted small">{new Date(f.modifiedAt).toLocaleString()}</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="path-form"
        onSubmit={(e) => {
          e.preventDefault();
          void open(path);
        }}
      >
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/project.layerlab" aria-label="Project path" data-testid="open-path" />
        <button type="submit" disabled={!path.trim()}>
          Open
        </button>
      </form>
      <RecentProjects onOpened={onClose} />
      <ImportKerasForm onImported={onClose} />
    </Modal>
  );
}

/** A Keras model (JSON, .h5 or .keras) becomes a new project: its graph, and its weights as a run. */
function ImportKerasForm({ onImported }: { onImported: () => void }) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="path-form import-keras"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const done = await importKerasAt(path.trim());
        setBusy(false);
        if (done) onImported();
      }}
    >
      <label className="muted small" htmlFor="import-keras-path">
        Or import a Keras model (<code>model.to_json()</code>, <code>model.save()</code> as .h5 or .keras):
      </label>
      <input
        id="import-keras-path"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        placeholder="/path/to/model.h5"
        data-testid="import-keras-path"
      />
      <button type="submit" disabled={!path.trim() || busy} data-testid="import-keras">
        {busy ? 'Importing…' : 'Import'}
      </button>
    </form>
  );
}

export function SaveAsDialog({ onClose }: { onClose: () => void }) {
  const name = useAppStore((s) => s.meta.name);
  const projectsDir = useAppStore((s) => s.settings?.projectsDir ?? '');
  const filePath = useAppStore((s) => s.filePath);
  const [path, setPath] = useState(filePath ?? suggestedSavePath(projectsDir, name));
  return (
    <Modal title="Save project as" onClose={onClose}>
      <form
        className="path-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await saveProjectAt(path)) onClose();
        }}
      >
        <input value={path} onChange={(e) => setPath(e.target.value)} aria-label="Save to path" data-testid="save-path" />
        <button type="submit" className="primary" disabled={!path.trim()} data-testid="save-confirm">
          Save
        </button>
      </form>
    </Modal>
  );
}

/** The start screen and New: templates, then the recent projects; the open project (e.g. reopened at start) can be kept. */
export function TemplateDialog({ onClose }: { onClose: () => void }) {
  const name = useAppStore((s) => s.meta.name);
  const filePath = useAppStore((s) => s.filePath);
  return (
    <Modal title="New project" onClose={onClose} className="modal-wide">
      <TemplateGallery onClose={onClose} />
      <RecentProjects onOpened={onClose} />
      {filePath && (
        <p className="small" style={{ textAlign: 'right' }}>
          <button type="button" onClick={onClose} title={filePath} data-testid="continue-project">
            Continue with {name}
          </button>
        </p>
      )}
    </Modal>
  );
}
