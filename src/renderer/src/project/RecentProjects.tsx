import { useEffect, useState } from 'react';
import type { RecentProject } from '../../../shared/contract';
import { api } from '../api/host';
import { openProjectAt } from './actions';
import { confirmDiscard, proceeds } from './UnsavedPrompt';

/**
 * The last projects opened or saved (kept in settings.json, newest first).
 * A file that is gone is shown greyed; clicking it says so and offers to
 * remove it from the list.
 */
export function RecentProjects({ onOpened }: { onOpened: () => void }) {
  const [projects, setProjects] = useState<RecentProject[] | null>(null);
  const [missing, setMissing] = useState<RecentProject | null>(null);
  const refresh = () =>
    api.call('recent.list', {}).then(
      (listing) => setProjects(listing.projects),
      () => setProjects([]),
    );
  useEffect(() => {
    void refresh();
  }, []);
  if (!projects || projects.length === 0) return null;

  const open = async (project: RecentProject) => {
    if (!project.exists) {
      setMissing(project);
      return;
    }
    setMissing(null);
    if (!proceeds(await confirmDiscard('opening another project'))) return;
    if (await openProjectAt(project.path)) onOpened();
    else await refresh();
  };
  const remove = async (project: RecentProject) => {
    try {
      setProjects((await api.call('recent.remove', { path: project.path })).projects);
    } catch {
      await refresh();
    }
    setMissing(null);
  };

  return (
    <section className="recent-projects" aria-label="Recent projects" data-testid="recent-projects">
      <h3>Recent projects</h3>
      <ul className="file-picker">
        {projects.map((p) => (
          <li key={p.path} style={{ display: 'flex', gap: 4, alignItems: 'stretch' }}>
            <button
              type="button"
              onClick={() => void open(p)}
              title={p.exists ? p.path : `${p.path} was not found`}
              data-missing={!p.exists}
              data-testid="recent-project"
              style={{ flex: 1, width: 'auto', ...(p.exists ? {} : { opacity: 0.5, fontStyle: 'italic' }) }}
            >
              <strong>{p.name}</strong>{' '}
              <span className="muted small">{p.exists && p.modifiedAt ? new Date(p.modifiedAt).toLocaleString() : 'file not found'}</span>
              <br />
              <span className="muted small">{p.path}</span>
            </button>
            <button type="button" onClick={() => void remove(p)} title="Remove from this list (the file is not touched)" aria-label={`Remove ${p.name} from recent projects`} data-testid="recent-remove" style={{ width: 'auto' }}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {missing && (
        <p className="small" role="alert" data-testid="recent-missing">
          <strong>{missing.path}</strong> was not found: it was moved, renamed or deleted.{' '}
          <button type="button" onClick={() => void remove(missing)} data-testid="recent-missing-remove">
            Remove from list
          </button>
        </p>
      )}
    </section>
  );
}
