// Picks a dataset version: a select of dataset names and one of that name's versions (newest
// first). The value is the version's id.
import type { Dataset } from '../api/types';
import { t, tn } from '../i18n';

// Dataset versions grouped by name, names A→Z, versions newest first.
export function groupByName(datasets: readonly Dataset[]): Map<string, Dataset[]> {
  const groups = new Map<string, Dataset[]>();
  for (const d of [...datasets].sort((a, b) => a.name.localeCompare(b.name) || b.version - a.version)) {
    const list = groups.get(d.name) ?? [];
    list.push(d);
    groups.set(d.name, list);
  }
  return groups;
}

export interface DatasetPickerProps {
  datasets: readonly Dataset[];
  value: string;
  onChange: (id: string) => void;
  testId?: string; // prefix: <testId>-name and <testId>-version
}

export function DatasetPicker({ datasets, value, onChange, testId = 'dataset-picker' }: DatasetPickerProps) {
  const groups = groupByName(datasets);
  const current = datasets.find((d) => d.id === value);
  const versions = current ? groups.get(current.name) ?? [] : [];
  return (
    <div className="dataset-picker">
      <label className="field">
        <span>{t('common.picker.dataset')}</span>
        <select
          value={current?.name ?? ''}
          onChange={(e) => onChange(groups.get(e.target.value)?.[0]?.id ?? '')}
          data-testid={`${testId}-name`}
        >
          <option value="">{t('common.picker.chooseDataset')}</option>
          {[...groups.keys()].map((name) => (
            <option key={name} value={name}>{name}</option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('common.picker.version')}</span>
        <select
          value={current?.id ?? ''}
          onChange={(e) => onChange(e.target.value)}
          disabled={!current}
          data-testid={`${testId}-version`}
          className="narrow"
        >
          {versions.map((d) => (
            <option key={d.id} value={d.id}>
              {t('common.picker.versionRows', { version: d.version, rows: tn('common.rows', d.rows) })}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
