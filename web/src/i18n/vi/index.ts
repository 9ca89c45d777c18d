// Vietnamese catalog: the union of the per-area catalogs (same keys as en/).
import { common } from './common';
import { datasets } from './datasets';
import { prepare } from './prepare';
import { build } from './build';
import { models } from './models';
import { deploy } from './deploy';
import { pipelines } from './pipelines';
import { services } from './services';
import { comprehend } from './comprehend';

export const vi: Record<string, string> = { ...common, ...datasets, ...prepare, ...build, ...models, ...deploy, ...pipelines, ...services, ...comprehend };
