import { SHORTCUTS } from './shortcuts';

/** The "?" overlay. Not a `.modal-backdrop`: the shortcuts keep working while it is open, and Esc closes it. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="shortcut-help-backdrop" onClick={onClose}>
      <div className="shortcut-help" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()} data-testid="shortcut-help">
        <header>
          <h2>Keyboard shortcuts</h2>
          <button type="button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        <div className="shortcut-groups">
          {SHORTCUTS.map((group) => (
            <section key={group.title}>
              <h3>{group.title}</h3>
              <dl>
                {group.shortcuts.map((s) => (
                  <div key={s.action} className="shortcut">
                    <dt>
                      {s.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && <span className="muted"> or </span>}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd>{s.action}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="muted small">Shortcuts are off while you type in a field.</p>
      </div>
    </div>
  );
}
