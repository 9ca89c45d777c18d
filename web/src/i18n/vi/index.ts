// Vietnamese catalog: the union of the per-area catalogs (same keys as en/).
import { common } from './common';

export const vi: Record<string, string> = { ...common };
