/** Whether dist/ is older than the sources it is built from. */
export function distIsStale(root: string): boolean;
