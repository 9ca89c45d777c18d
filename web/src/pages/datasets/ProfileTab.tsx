// The Profile tab: one card per column with its type, missing values, distinct count, summary
// statistics and a small chart (histogram for numbers, top values otherwise).
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ColumnProfile } from '../../api/types';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { TypeBadge } from '../../components/TypeBadge';
import { t } from '../../i18n';
import { formatCount, formatPercent, formatStat } from '../../lib/format';
import { useLook } from '../../lib/theme';
import { histogramOption, topValuesOption } from './charts';

const NUMERIC = new Set(['int64', 'float64']);

// The profile may give date / datetime extremes as numbers (days / microseconds since the epoch).
function formatExtreme(v: number | string | null | undefined, type: string): string {
  if (typeof v === 'number' && (type === 'date' || type === 'datetime')) {
    const ms = type === 'date' ? v * 86_400_000 : v / 1000;
    const iso = new Date(ms).toISOString();
    return type === 'date' ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$|Z$/, '');
  }
  return formatStat(v);
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </div>
  );
}

function MissingBar({ col }: { col: ColumnProfile }) {
  const fraction = col.missing_fraction ?? 0;
  return (
    <div className="missing" data-testid="missing-bar">
      <div className="missing-head">
        <span>{t('datasets.profile.missing')}</span>
        <span className={fraction > 0 ? 'warn-text' : 'muted'}>
          {formatCount(col.missing)} · {formatPercent(fraction)}
        </span>
      </div>
      <div className="meter">
        <div className="meter-fill" style={{ width: `${Math.min(100, fraction * 100)}%` }} />
      </div>
    </div>
  );
}

function ColumnCard({ col }: { col: ColumnProfile }) {
  const numeric = NUMERIC.has(col.type);
  // Booleans read better as true/false counts than as a 0-1 histogram.
  const histogram =
    col.type !== 'bool' && col.histogram && col.histogram.length > 0 ? col.histogram : null;
  const ordered = numeric || col.type === 'date' || col.type === 'datetime';
  const top = col.top_values && col.top_values.length > 0 ? col.top_values : null;
  const look = useLook();
  const option = useMemo(
    () => (histogram ? histogramOption(histogram, (v) => formatExtreme(v, col.type)) : top ? topValuesOption(top) : null),
    [histogram, top, col.type, look],
  );
  const chartHeight = histogram ? 120 : Math.min(8, top?.length ?? 0) * 20 + 12;
  return (
    <article className="card profile-card" data-testid={`profile-card-${col.name}`}>
      <header className="card-head">
        <h3 title={col.name}>{col.name}</h3>
        <TypeBadge type={col.type} />
      </header>
      <MissingBar col={col} />
      <div className="stats">
        <Stat label={t('datasets.profile.distinct')} value={(col.distinct_approximate ? '≈' : '') + formatCount(col.distinct)} />
        {ordered && <Stat label={t('datasets.profile.min')} value={formatExtreme(col.min, col.type)} />}
        {ordered && <Stat label={t('datasets.profile.max')} value={formatExtreme(col.max, col.type)} />}
        {numeric && <Stat label={t('datasets.profile.mean')} value={formatStat(col.mean)} />}
        {numeric && <Stat label={t('datasets.profile.std')} value={formatStat(col.std)} />}
        {numeric && col.quantiles?.p50 != null && <Stat label={t('datasets.profile.median')} value={formatStat(col.quantiles.p50)} />}
      </div>
      {option && (
        <div className="card-chart">
          <div className="chart-caption muted">{histogram ? t('datasets.profile.distribution') : t('datasets.profile.topValues')}</div>
          <EChart option={option} height={chartHeight}
            testId={histogram ? `histogram-${col.name}` : `top-values-${col.name}`} />
        </div>
      )}
    </article>
  );
}

export default function ProfileTab({ datasetId }: { datasetId: string }) {
  const { data, error, isPending } = useQuery({
    queryKey: ['profile', datasetId, null],
    queryFn: () => api.profile(datasetId),
    staleTime: Infinity,
  });
  if (isPending) return <div className="panel muted pad">{t('datasets.profile.loading')}</div>;
  if (error) return <ErrorBox error={error} testId="profile-error" />;
  return (
    <div className="profile-grid" data-testid="profile">
      {data.columns.map((c) => (
        <ColumnCard key={c.name} col={c} />
      ))}
    </div>
  );
}
