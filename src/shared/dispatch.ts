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
    const message =
      typeof method === 'string'
        ? `Unknown method ${JSON.stringify(method.slice(0, 200))}`
        : `method: expected a method name, got ${method === null ? 'null' : typeof method}`;
    return { ok: false, error: { code: typeof method === 'string' ? 'unknown-method' : 'bad-request', message } };
  }
  const schema = methods[method];
  // An omitted input is {}: methods without input may leave it out.
  let parsed: ReturnType<typeof schema.input.safeParse>;
  try {
    parsed = schema.input.safeParse(input ?? {});
  } catch (error) {
    // A value deep enough to overflow the stack of the parser is refused, not a crash.
    return { ok: false, error: { code: 'bad-request', message: `${method}: invalid request: input: ${toErrorShape(error).message}` } };
  }
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

/** Node's codes for a path or argument that names nothing, or that no call could accept. */
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR']);
const BAD_REQUEST_CODES = new Set(['ERR_INVALID_ARG_VALUE', 'ERR_INVALID_ARG_TYPE', 'ERR_OUT_OF_RANGE', 'ENAMETOOLONG', 'EINVAL']);

/**
 * ApiErrors keep their code. A handler that lets a Node error through still
 * answers what the caller can act on: a missing file is `not-found`, an
 * argument Node refused (a NUL byte in a path, a name too long) is
 * `bad-request`; only the rest is `internal`.
 */
export function toErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) return { code: 'not-found', message };
  if (typeof code === 'string' && BAD_REQUEST_CODES.has(code)) return { code: 'bad-request', message };
  if (error instanceof RangeError && /call stack/i.test(message)) return { code: 'bad-request', message: `The request is nested too deeply (${message})` };
  return { code: 'internal', message };
}

export function methodsList(): MethodName[] {
  return Object.keys(methods) as MethodName[];
}
