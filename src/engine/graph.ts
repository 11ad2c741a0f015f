import { z } from 'zod';

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

export const GraphNodeSchema = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  /** Keras layer name; unique within a graph. */
  name: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  position: PositionSchema,
});

export const GraphEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
});

export const GraphSchema = z.object({
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema),
});

export type GraphNode = z.infer<typeof GraphNodeSchema>;
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;
export type Graph = z.infer<typeof GraphSchema>;
export type Position = z.infer<typeof PositionSchema>;
