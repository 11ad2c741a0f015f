import type { NodeTypes } from '@xyflow/react';
import { LayerNode } from './LayerNode';

// Defined once, outside any component, so React Flow never remounts nodes.
export const nodeTypes: NodeTypes = { layer: LayerNode };
