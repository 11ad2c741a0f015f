import type { FuseV1Config } from '@electron/fuses';

export function fuseConfig(platform?: NodeJS.Platform): FuseV1Config & { strictlyRequireAllFuses: true };
export function applyFuses(electronPath: string, platform?: NodeJS.Platform): Promise<number>;
export function readFuses(electronPath: string): Promise<Record<string, string>>;
