// The Quality tab: warnings, duplicate rows, suspicious columns, and class balance for a target
// column picked by the user (GET /profile?target=COL).
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ClassBalance, Dataset, Quality } from '../../api/types';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { formatCount, formatPercent } from '../../lib/format';
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
        <div className="muted small">None</div>
      )}
    </div>
  );
}

function Summary({ quality, rows }: { quality: Quality; rows: number }) {
  return (
    <>
      <section className="panel">
        <h3 className="panel-title">Warnings</h3>
        {quality.warnings.length === 0 ? (
          <div className="notice success">No data-quality warnings.</div>
        ) : (
          <ul className="warnings" data-testid="quality-warnings">
            {quality.warnings.map((w, i) => (
              <li key={i} className="warning" data-testid="quality-warning">
                <span className="warning-kind">{w.kind.replace(/_/g, ' ')}</span>
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
            <h3>Duplicate rows</h3>
            <span className={`count-pill${quality.duplicate_rows ? ' warn' : ''}`}>
              {formatCount(quality.duplicate_rows)}
            </span>
          </div>
          <p className="muted small">
            {formatPercent(rows ? quality.duplicate_rows / rows : 0)} of rows repeat an earlier row exactly.
          </p>
        </div>
        <ColumnList title="Constant columns" hint="One value only: no signal for a model."
          columns={quality.constant_columns} testId="constant-columns" />
        <ColumnList title="Id-like columns" hint="Unique per row: usually an identifier, not a feature."
          columns={quality.id_like_columns} testId="id-like-columns" />
        <ColumnList title="High cardinality" hint="Many distinct categories: consider grouping or hashing."
          columns={quality.high_cardinality_columns} testId="high-cardinality-columns" />
      </div>
    </>
  );
}

function ClassBalanceView({ balance }: { balance: ClassBalance }) {
  const option = useMemo(() => classBalanceOption(balance.classes), [balance]);
  return (
    <div data-testid="class-balance">
      <div className="balance-meta">
        <span><strong data-testid="class-count">{balance.classes.length}</strong> classes</span>
        {balance.imbalance_ratio != null && (
          <span className={balance.imbalance_ratio > 3 ? 'warn-text' : 'muted'}>
            imbalance ratio {balance.imbalance_ratio.toFixed(2)}
          </span>
        )}
      </div>
      <div className="balance-layout">
        <EChart option={option} height={220} testId="class-balance-chart" />
        <table className="table compact">
          <thead><tr><th>Class</th><th className="num">Rows</th><th className="num">Share</th></tr></thead>
          <tbody>
            {balance.classes.map((c) => (
              <tr key={String(c.value)} data-testid="class-row">
                <td>{c.value === null ? <span className="null">null</span> : String(c.value)}</td>
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

  if (base.isPending) return <div className="panel muted pad">Checking quality…</div>;
  if (base.error) return <ErrorBox error={base.error} testId="quality-error" />;
  const balance = targeted.data?.quality.class_balance ?? null;

  return (
    <div className="quality" data-testid="quality">
      <Summary quality={base.data.quality} rows={base.data.rows} />
      <section className="panel">
        <div className="panel-title-row">
          <h3 className="panel-title">Class balance</h3>
          <label className="field inline">
            <span>Target column</span>
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="target-select">
              <option value="">Choose a column…</option>
              {dataset.columns.map((c) => (
                <option key={c.name} value={c.name}>{c.name}</option>
              ))}
            </select>
          </label>
        </div>
        {target === '' && <p className="muted">Pick the column you want to predict to see how its classes are balanced.</p>}
        {targeted.isFetching && <p className="muted">Computing…</p>}
        {targeted.error && <ErrorBox error={targeted.error} testId="balance-error" />}
        {target !== '' && targeted.data && !balance && (
          <p className="muted">No class balance for {target}.</p>
        )}
        {balance && <ClassBalanceView balance={balance} />}
      </section>
    </div>
  );
}
