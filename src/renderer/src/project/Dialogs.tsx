import { useEffect, useState, type ReactNode } from 'react';
import { useAppStore } from '../store';
import { importKerasAt, openProjectAt, saveProjectAt, suggestedSavePath } from './actions';
import { ProjectFileList } from './ProjectFileList';
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
      <ProjectFileList files={files} onPick={(file) => void open(file)} testId="project-files" itemTestId="project-file" />
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

/** A labelled path field; its id is also its test id. */
function PathField(props: { id: string; label: string; value: string; onChange: (value: string) => void; placeholder: string; describedBy?: string }) {
  return (
    <>
      <label className="small" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={props.placeholder}
        aria-describedby={props.describedBy}
        data-testid={props.id}
      />
    </>
  );
}

/**
 * A Keras model (JSON, .h5 or .keras) becomes a new project: its graph, and
 * its weights as a run. A JSON model (`model.to_json()`) has no weights of its
 * own: the optional weights file is the HDF5 that `model.save_weights()`
 * wrote beside it. A failure is shown here, and both paths stay as typed.
 */
function ImportKerasForm({ onImported }: { onImported: () => void }) {
  const [path, setPath] = useState('');
  const [weightsPath, setWeightsPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="import-keras"
      aria-label="Import a Keras model"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const outcome = await importKerasAt(path.trim(), weightsPath.trim() || null);
        setBusy(false);
        if (outcome.ok) onImported();
        else setError(outcome.error);
      }}
    >
      <p className="muted small">
        Or import a Keras model: <code>model.to_json()</code>, or <code>model.save()</code> as .h5 or .keras.
      </p>
      <div className="import-keras-fields">
        <PathField id="import-keras-path" label="Model file" value={path} onChange={setPath} placeholder="/path/to/model.json, .h5 or .keras" />
        <PathField
          id="import-keras-weights"
          label="Weights file (.h5)"
          value={weightsPath}
          onChange={setWeightsPath}
          placeholder="optional: /path/to/weights.h5"
          describedBy="import-keras-weights-hint"
        />
        <span id="import-keras-weights-hint" className="muted small">
          For a JSON model whose weights were saved apart, with <code>model.save_weights(&apos;weights.h5&apos;)</code>. Leave it empty to use the weights in the model file, if any.
        </span>
      </div>
      {error && (
        <p className="import-keras-error small" role="alert" data-testid="import-keras-error">
          {error}
        </p>
      )}
      <div className="import-keras-actions">
        <button type="submit" disabled={!path.trim() || busy} data-testid="import-keras">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
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
