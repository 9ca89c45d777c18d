// Helpers of the SQL tab: table aliases for datasets, and the request's {alias: dataset id} map.
import { t } from '../i18n';

export interface AliasBinding {
  alias: string;
  datasetId: string;
}

// A SQL identifier for a dataset name, unique among `taken`: lower case, [a-z0-9_], not starting
// with a digit ("Iris 2024.csv" -> "iris_2024_csv"; a second "iris" -> "iris_2").
export function aliasFor(name: string, taken: readonly string[]): string {
  let base = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (base === '') base = 't';
  if (/^[0-9]/.test(base)) base = `t_${base}`;
  let alias = base;
  for (let n = 2; taken.includes(alias); n++) alias = `${base}_${n}`;
  return alias;
}

// Problems with the bindings, as messages naming the alias; empty when they can be sent.
export function bindingProblems(bindings: readonly AliasBinding[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  bindings.forEach((b, i) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(b.alias)) {
      problems.push(t('prepare.sql.badAlias', { n: i + 1, alias: b.alias }));
    } else if (seen.has(b.alias.toLowerCase())) {
      problems.push(t('prepare.sql.aliasTwice', { alias: b.alias }));
    }
    seen.add(b.alias.toLowerCase());
    if (!b.datasetId) problems.push(t('prepare.sql.noDataset', { alias: b.alias }));
  });
  return problems;
}

export function bindingsToDatasets(bindings: readonly AliasBinding[]): Record<string, string> {
  return Object.fromEntries(bindings.map((b) => [b.alias, b.datasetId]));
}
