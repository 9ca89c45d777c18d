// The Prepare page (/prepare?dataset=<id>&tab=sql): pick a dataset version, then build a recipe
// with a live preview, or query it with SQL.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { DatasetPicker } from '../../components/DatasetPicker';
import { ErrorBox } from '../../components/ErrorBox';
import { t } from '../../i18n';
import { linkHandler, setSearchParams, useSearch } from '../../lib/router';
import { RecipeTab } from './RecipeTab';
import { SqlTab } from './SqlTab';

const TABS = ['recipe', 'sql'] as const;

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
          <h1>{t('prepare.title')}</h1>
          <p className="subtitle">
            {t('prepare.subtitle')}
          </p>
        </div>
        {list.data && datasets.length > 0 && (
          <DatasetPicker datasets={datasets} value={dataset?.id ?? ''} testId="prepare-dataset"
            onChange={(id) => setSearchParams({ dataset: id })} />
        )}
      </header>

      {list.isPending && <div className="panel muted pad">{t('prepare.loadingDatasets')}</div>}
      {list.error && <ErrorBox error={list.error} testId="list-error" />}
      {list.data && datasets.length === 0 && (
        <div className="panel empty" data-testid="prepare-empty">
          <h3>{t('prepare.empty.title')}</h3>
          <p className="muted">
            <a href="/datasets" onClick={linkHandler('/datasets')}>{t('prepare.empty.upload')}</a> {t('prepare.empty.then')}
          </p>
        </div>
      )}
      {list.data && datasets.length > 0 && !dataset && (
        <div className="panel empty" data-testid="prepare-pick">
          <h3>{datasetId ? t('prepare.pick.gone') : t('prepare.pick.title')}</h3>
          <p className="muted">{t('prepare.pick.body')}</p>
        </div>
      )}
      {dataset && (
        <>
          <div className="tabs" role="tablist">
            {TABS.map((id) => (
              <button key={id} role="tab" aria-selected={tab === id}
                className={`tab${tab === id ? ' active' : ''}`}
                onClick={() => setSearchParams({ tab: id === 'recipe' ? null : id })}
                data-testid={`tab-${id}`}>
                {t(`prepare.tab.${id}`)}
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
