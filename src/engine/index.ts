/** Public API of the pure engine (no DOM, no node builtins, no tfjs). */
export * from './shape';
export * from './graph';
export * from './training';
export * from './datasets';
export * from './project/schema';
export * from './project/weights';
export type { KerasLayerConfig, LayerCategory, LayerSpec, ShapeResult } from './layers/spec';
export { ACTIVATIONS, type ActivationName } from './layers/params';
export * from './layers/registry';
export { inputSpec, inputOutputShape, InputParamsSchema, type InputParams } from './layers/input';
export { denseSpec, denseOutputShape, DenseParamsSchema, type DenseParams } from './layers/dense';
export { dropoutSpec, dropoutOutputShape, DropoutParamsSchema, type DropoutParams } from './layers/dropout';
export {
  activationSpec,
  activationOutputShape,
  ActivationParamsSchema,
  type ActivationParams,
} from './layers/activation';
export { flattenSpec, flattenOutputShape, FlattenParamsSchema, type FlattenParams } from './layers/flatten';
export { analyzeGraph, layerLabel, shapesCompatible } from './analyze';
export type { AnalyzeOptions, GraphAnalysis, GraphIssue } from './analyze';
export { compileGraph, MODEL_CLASS_NAME } from './compile';
export type { CompileOptions, CompileResult, KerasLayerJson, KerasModelTopology } from './compile';
export { isValidLayerName, nextLayerName } from './names';
export * from './templates';
export * from './summary';
export * from './fixes';
export * from './textDatasets';
export * from './binding';
export * from './trainingPlan';
export * from './units';
export { suggestShapeFixes } from './fixSuggestions';
