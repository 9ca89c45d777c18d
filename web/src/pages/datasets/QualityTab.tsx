// The Quality tab: warnings, duplicate rows, suspicious columns, and class balance for a target
// column picked by the user (GET /profile?target=COL).
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ClassBalance, Dataset, Quality } from '../../api/types';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { t, tn, tOr } from '../../i18n';
import { formatCount, formatFixed, formatPercent } from '../../lib/format';
import { useLook } from '../../lib/theme';
import { classBalanceOption } from './charts';

function ColumnList({ title, hint, columns, testId }:
  { title: string; hint: string; columns: string[]; testId: string }) {
  return (
    <div className="card quality-card" data-testid={testId}>
      <div className="quality-head">
        <h3>{title}</h3>
        <span className={`count-pill${columns.length ? ' warn' : ''}`}>{columns.length}</span>
      </div>
      <p className="muted small">{hint}</p>
      {columns.length > 0 ? (
        <div className="chips">{columns.map((c) => <span key={c} className="chip">{c}</span>)}</div>
      ) : (
        <div className="muted small">{t('common.none')}</div>
      )}
    </div>
  );
}

function Summary({ quality, rows }: { quality: Quality; rows: number }) {
  return (
    <>
      <section className="panel">
        <h3 className="panel-title">{t('datasets.quality.warnings')}</h3>
        {quality.warnings.length === 0 ? (
          <div className="notice success">{t('datasets.quality.noWarnings')}</div>
        ) : (
          <ul className="warnings" data-testid="quality-warnings">
            {quality.warnings.map((w, i) => (
              <li key={i} className="warning" data-testid="quality-warning">
                <span className="warning-kind">{tOr(`datasets.warning.${w.kind}`, w.kind.replace(/_/g, ' '))}</span>
                {w.column && <code>{w.column}</code>}
                <span>{w.message}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="quality-grid">
        <div className="card quality-card" data-testid="duplicate-rows">
          <div className="quality-head">
            <h3>{t('datasets.quality.duplicates')}</h3>
            <span className={`count-pill${quality.duplicate_rows ? ' warn' : ''}`}>
              {formatCount(quality.duplicate_rows)}
            </span>
          </div>
          <p className="muted small">
            {t('datasets.quality.duplicatesHint', { percent: formatPercent(rows ? quality.duplicate_rows / rows : 0) })}
          </p>
        </div>
        <ColumnList title={t('datasets.quality.constant')} hint={t('datasets.quality.constantHint')}
          columns={quality.constant_columns} testId="constant-columns" />
        <ColumnList title={t('datasets.quality.idLike')} hint={t('datasets.quality.idLikeHint')}
          columns={quality.id_like_columns} testId="id-like-columns" />
        <ColumnList title={t('datasets.quality.highCardinality')} hint={t('datasets.quality.highCardinalityHint')}
          columns={quality.high_cardinality_columns} testId="high-cardinality-columns" />
      </div>
    </>
  );
}

function ClassBalanceView({ balance }: { balance: ClassBalance }) {
  const look = useLook();
  const option = useMemo(() => classBalanceOption(balance.classes), [balance, look]);
  return (
    <div data-testid="class-balance">
      <div className="balance-meta">
        <span>
          <strong data-testid="class-count">{formatCount(balance.classes.length)}</strong>{' '}
          {tn('datasets.quality.classWord', balance.classes.length)}
        </span>
        {balance.imbalance_ratio != null && (
          <span className={balance.imbalance_ratio > 3 ? 'warn-text' : 'muted'}>
            {t('datasets.quality.imbalance', { ratio: formatFixed(balance.imbalance_ratio, 2) })}
          </span>
        )}
      </div>
      <div className="balance-layout">
        <EChart option={option} height={220} testId="class-balance-chart" />
        <table className="table compact">
          <thead><tr><th>{t('datasets.quality.class')}</th><th className="num">{t('datasets.quality.rows')}</th><th className="num">{t('datasets.quality.share')}</th></tr></thead>
          <tbody>
            {balance.classes.map((c) => (
              <tr key={String(c.value)} data-testid="class-row">
                <td>{c.value === null ? <span className="null">{t('common.null')}</span> : String(c.value)}</td>
                <td className="num">{formatCount(c.count)}</td>
                <td className="num">{formatPercent(c.fraction)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export default function QualityTab({ dataset }: { dataset: Dataset }) {
  const [target, setTarget] = useState('');
  const base = useQuery({
    queryKey: ['profile', dataset.id, null],
    queryFn: () => api.profile(dataset.id),
    staleTime: Infinity,
  });
  const targeted = useQuery({
    queryKey: ['profile', dataset.id, target],
    queryFn: () => api.profile(dataset.id, target),
    enabled: target !== '',
    staleTime: Infinity,
  });

  if (base.isPending) return <div className="panel muted pad">{t('datasets.quality.loading')}</div>;
  if (base.error) return <ErrorBox error={base.error} testId="quality-error" />;
  const balance = targeted.data?.quality.class_balance ?? null;

  return (
    <div className="quality" data-testid="quality">
      <Summary quality={base.data.quality} rows={base.data.rows} />
      <section className="panel">
        <div className="panel-title-row">
          <h3 className="panel-title">{t('datasets.quality.classBalance')}</h3>
          <label className="field inline">
            <span>{t('datasets.quality.targetColumn')}</span>
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="target-select">
              <option value="">{t('datasets.quality.chooseColumn')}</option>
              {dataset.columns.map((c) => (
                <option key={c.name} value={c.name}>{c.name}</option>
              ))}
            </select>
          </label>
        </div>
        {target === '' && <p className="muted">{t('datasets.quality.pickTarget')}</p>}
        {targeted.isFetching && <p className="muted">{t('datasets.quality.computing')}</p>}
        {targeted.error && <ErrorBox error={targeted.error} testId="balance-error" />}
        {target !== '' && targeted.data && !balance && (
          <p className="muted">{t('datasets.quality.noBalance', { column: target })}</p>
        )}
        {balance && <ClassBalanceView balance={balance} />}
      </section>
    </div>
  );
}
