import { Panel, useReactFlow } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store';
import { autoLayout, fitGraph } from './canvasCommands';
import { exportPng, exportSvg } from './exportGraph';
import type { LayerFlowNode } from './LayerNode';
import { MOD } from './shortcuts';

function reportFailure(what: string) {
  return (error: unknown) => useAppStore.getState().showNotice(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Layout, view and export commands, over the top-right corner of the canvas (top left stays free to click the pane). */
export function CanvasToolbar({ onShowHelp }: { onShowHelp: () => void }) {
  const flow = useReactFlow<LayerFlowNode>();
  const empty = useAppStore((s) => s.graph.nodes.length === 0);
  const [exportOpen, setExportOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!exportOpen) return;
    const closeOutside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) setExportOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [exportOpen]);

  return (
    <Panel position="top-right" className="canvas-toolbar">
      <button type="button" onClick={() => void autoLayout(flow)} disabled={empty} title={`Auto-layout (${MOD}+Shift+L)`} data-testid="auto-layout">
        Auto-layout
      </button>
      <button type="button" onClick={() => fitGraph(flow)} disabled={empty} title="Fit the model into view (F)" data-testid="fit-view">
        Fit view
      </button>
      <div className="menu" ref={menu}>
        <button
          type="button"
          onClick={() => setExportOpen((open) => !open)}
          disabled={empty}
          aria-haspopup="menu"
          aria-expanded={exportOpen}
          data-testid="export-menu"
        >
          Export ▾
        </button>
        {exportOpen && (
          <div className="menu-items" role="menu">
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setExportOpen(false);
                exportPng(flow).catch(reportFailure('PNG export'));
              }}
              data-testid="export-png"
            >
              PNG image
            </button>
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setExportOpen(false);
                try {
                  exportSvg(flow);
                } catch (error) {
                  reportFailure('SVG export')(error);
                }
              }}
              data-testid="export-svg"
            >
              SVG (vector)
            </button>
          </div>
        )}
      </div>
      <button type="button" onClick={onShowHelp} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" data-testid="shortcut-help-button">
        ?
      </button>
    </Panel>
  );
}
