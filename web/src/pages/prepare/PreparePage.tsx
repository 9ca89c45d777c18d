// The Prepare page (/prepare?dataset=<id>&tab=sql): pick a dataset version, then build a recipe
// with a live preview, or query it with SQL.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { DatasetPicker } from '../../components/DatasetPicker';
import { ErrorBox } from '../../components/ErrorBox';
import { linkHandler, setSearchParams, useSearch } from '../../lib/router';
import { RecipeTab } from './RecipeTab';
import { SqlTab } from './SqlTab';

const TABS = [
  { id: 'recipe', label: 'Recipe' },
  { id: 'sql', label: 'SQL' },
] as const;

export default function PreparePage() {
  const search = new URLSearchParams(useSearch());
  const tab = search.get('tab') === 'sql' ? 'sql' : 'recipe';
  const datasetId = search.get('dataset') ?? '';
  const list = useQuery({ queryKey: ['datasets'], queryFn: api.listDatasets });
  const datasets = list.data?.datasets ?? [];
  const dataset = datasets.find((d) => d.id === datasetId);

  return (
    <div className="page wide">
      <header className="page-header">
        <div>
          <h1>Prepare</h1>
          <p className="subtitle">
            Clean and reshape a dataset step by step, or query it with SQL; save the result as a new version.
          </p>
        </div>
        {list.data && datasets.length > 0 && (
          <DatasetPicker datasets={datasets} value={dataset?.id ?? ''} testId="prepare-dataset"
            onChange={(id) => setSearchParams({ dataset: id })} />
        )}
      </header>

      {list.isPending && <div className="panel muted pad">Loading datasets…</div>}
      {list.error && <ErrorBox error={list.error} testId="list-error" />}
      {list.data && datasets.length === 0 && (
        <div className="panel empty" data-testid="prepare-empty">
          <h3>No datasets yet</h3>
          <p className="muted">
            <a href="/datasets" onClick={linkHandler('/datasets')}>Upload a CSV</a> first, then come back to prepare it.
          </p>
        </div>
      )}
      {list.data && datasets.length > 0 && !dataset && (
        <div className="panel empty" data-testid="prepare-pick">
          <h3>{datasetId ? 'That dataset version no longer exists' : 'Choose a dataset'}</h3>
          <p className="muted">Pick a dataset and version at the top right to start a recipe or a query.</p>
        </div>
      )}
      {dataset && (
        <>
          <div className="tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t.id} role="tab" aria-selected={tab === t.id}
                className={`tab${tab === t.id ? ' active' : ''}`}
                onClick={() => setSearchParams({ tab: t.id === 'recipe' ? null : t.id })}
                data-testid={`tab-${t.id}`}>
                {t.label}
              </button>
            ))}
          </div>
          {/* Both stay mounted, so switching tabs keeps the recipe and the query. */}
          <div role="tabpanel" hidden={tab !== 'recipe'}>
            <RecipeTab dataset={dataset} datasets={datasets} />
          </div>
          <div role="tabpanel" hidden={tab !== 'sql'}>
            <SqlTab key={dataset.id} dataset={dataset} datasets={datasets} />
          </div>
        </>
      )}
    </div>
  );
}
