export function startNodeFlags(packageJsonPath?: string): string[];
