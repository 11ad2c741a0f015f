import { isMethodName, type MethodName } from './channels';
import { ApiError, methods, type ApiErrorShape, type ApiHandlers } from './contract';
import { formatZodError } from './zodMessages';

export type DispatchResult = { ok: true; output: unknown } | { ok: false; error: ApiErrorShape };

/**
 * The host side of the boundary: every request is checked against the contract
 * before a handler sees it, and every answer is checked before it leaves.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: unknown,
  input: unknown,
): Promise<DispatchResult> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown-method', message: `Unknown method ${JSON.stringify(method)}` } };
  }
  const schema = methods[method];
  const parsed = schema.input.safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'bad-request', message: `${method}: invalid request: ${formatZodError(parsed.error)}` },
    };
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    const output = await handler(parsed.data);
    const checked = schema.output.safeParse(output);
    if (!checked.success) {
      return {
        ok: false,
        error: { code: 'internal', message: `${method}: invalid response: ${formatZodError(checked.error)}` },
      };
    }
    return { ok: true, output: checked.data };
  } catch (error) {
    return { ok: false, error: toErrorShape(error) };
  }
}

export function toErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}

export function methodsList(): MethodName[] {
  return Object.keys(methods) as MethodName[];
}
