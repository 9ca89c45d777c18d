// Pipeline templates the studio offers as starting points: each builds a complete document (with
// its layout) under the name the user chose; the user edits it in the designer before saving.
import type { PipelineDoc } from '../api/pipelines';

export interface PipelineTemplate {
  id: string;
  // i18n keys of the template's title and one-line description.
  titleKey: string;
  descriptionKey: string;
  build: (name: string) => PipelineDoc;
}

const row = (x: number, y = 0) => ({ x: x * 300, y });

// Prepare → split → AutoML → evaluate → deploy when accuracy ≥ min_accuracy, else fail.
function tabularClassification(name: string): PipelineDoc {
  return {
    name,
    description: 'Prepare, split, AutoML, evaluate, deploy if good enough',
    parameters: {
      dataset: { type: 'string', default: 'iris', description: 'the dataset to train on (name or id)' },
      target: { type: 'string', default: 'species', description: 'the column to predict' },
      min_accuracy: { type: 'number', default: 0.8, description: 'deploy only at this test accuracy or better' },
      endpoint: { type: 'string', default: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'pipeline'}-live`, description: 'the endpoint to deploy to' },
    },
    steps: [
      { id: 'data', type: 'Dataset', properties: { name: '${parameters.dataset}' } },
      {
        id: 'prepare',
        type: 'Prepare',
        display_name: 'Drop rows without a target',
        inputs: { dataset: 'data.dataset' },
        properties: { recipe: { steps: [{ op: 'drop_missing', columns: ['${parameters.target}'] }] } },
      },
      {
        id: 'split',
        type: 'Split',
        inputs: { dataset: 'prepare.dataset' },
        properties: { test_fraction: 0.2, stratify: '${parameters.target}', seed: 7 },
      },
      {
        id: 'automl',
        type: 'AutoML',
        inputs: { dataset: 'split.train' },
        properties: { target: '${parameters.target}', budget_seconds: 30 },
      },
      { id: 'evaluate', type: 'Evaluate', inputs: { model: 'automl.model', dataset: 'split.test' } },
      {
        id: 'good_enough',
        type: 'Condition',
        properties: {
          left: '${steps.evaluate.metrics.accuracy}',
          operator: '>=',
          right: '${parameters.min_accuracy}',
          then: ['deploy'],
          else: ['too_weak'],
        },
      },
      { id: 'deploy', type: 'Deploy', inputs: { model: 'automl.model' }, properties: { endpoint: '${parameters.endpoint}' } },
      {
        id: 'too_weak',
        type: 'Fail',
        properties: { message: 'accuracy ${steps.evaluate.metrics.accuracy} is below ${parameters.min_accuracy}' },
      },
    ],
    layout: {
      data: row(0),
      prepare: row(1),
      split: row(2),
      automl: row(3, -90),
      evaluate: row(4),
      good_enough: row(5),
      deploy: row(6, -90),
      too_weak: row(6, 110),
    },
  };
}

// Dataset → split → train one learner → evaluate, and register the model for approval.
function trainAndRegister(name: string): PipelineDoc {
  return {
    name,
    description: 'Train one learner, evaluate it on a held-out split, register the model',
    parameters: {
      dataset: { type: 'string', default: 'iris', description: 'the dataset to train on (name or id)' },
      target: { type: 'string', default: 'species', description: 'the column to predict' },
    },
    steps: [
      { id: 'data', type: 'Dataset', properties: { name: '${parameters.dataset}' } },
      {
        id: 'split',
        type: 'Split',
        inputs: { dataset: 'data.dataset' },
        properties: { test_fraction: 0.2, stratify: '${parameters.target}', seed: 42 },
      },
      {
        id: 'train',
        type: 'Train',
        inputs: { dataset: 'split.train' },
        properties: { target: '${parameters.target}', algorithm: 'xgboost' },
      },
      { id: 'evaluate', type: 'Evaluate', inputs: { model: 'train.model', dataset: 'split.test' } },
      {
        id: 'register',
        type: 'Register',
        inputs: { model: 'train.model' },
        properties: { approval_status: 'PendingManualApproval', description: 'trained by pipeline ' + name },
        depends_on: ['evaluate'],
      },
    ],
    layout: { data: row(0), split: row(1), train: row(2, -90), evaluate: row(3), register: row(4, -90) },
  };
}

export const TEMPLATES: PipelineTemplate[] = [
  {
    id: 'tabular-classification',
    titleKey: 'pipelines.template.tabular.title',
    descriptionKey: 'pipelines.template.tabular.description',
    build: tabularClassification,
  },
  {
    id: 'train-and-register',
    titleKey: 'pipelines.template.register.title',
    descriptionKey: 'pipelines.template.register.description',
    build: trainAndRegister,
  },
];

export function findTemplate(id: string | null | undefined): PipelineTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
