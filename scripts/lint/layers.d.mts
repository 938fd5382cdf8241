export type Layer = 'core' | 'data' | 'workers' | 'app' | 'ui' | 'cli';
export const RULES: Record<Layer, { layers: Layer[]; packages: string[] }>;
export const TEST_PACKAGES: string[];
export function layerOf(root: string, file: string): Layer | null;
export function isTestFile(file: string): boolean;
export function layerViolation(root: string, file: string, spec: string): string | null;
