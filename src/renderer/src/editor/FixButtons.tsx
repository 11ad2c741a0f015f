import type { GraphIssue } from '../../../engine/analyze';
import { useAppStore } from '../store';

/** One button per repair the engine offers; `nodrag` so pressing it never starts moving the node. */
export function FixButtons({ issue, testId }: { issue: GraphIssue; testId: string }) {
  if (!issue.fixes?.length) return null;
  return (
    <span className="fix-buttons">
      {issue.fixes.map((fix) => (
        <button
          key={fix.label}
          type="button"
          className="fix-button nodrag"
          title="Apply this fix (one undo step)"
          data-testid={testId}
          onClick={(event) => {
            // The click must not also select the broken layer: the fix selects the layer it made.
            event.stopPropagation();
            useAppStore.getState().applyGraphFix(fix);
          }}
        >
          {fix.label}
        </button>
      ))}
    </span>
  );
}
