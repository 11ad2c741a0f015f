import { useState } from 'react';
import { errorText } from './playgroundApi';

/**
 * One playground request at a time: `busy` while it runs, its error in plain
 * words (cleared by the next success), and its answer handed to `onResult`.
 */
export function useBusyCall() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const call = async <T>(request: () => Promise<T>, onResult: (result: T) => void): Promise<void> => {
    setBusy(true);
    try {
      onResult(await request());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, call };
}
