// /pipelines: every pipeline (latest version) with its latest run's state, "New pipeline" (blank
// or from a template), and the templates as cards. Empty states say what to do next.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { pipelinesApi, type Pipeline } from '../../api/pipelines';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDateTime, formatRelativeTime, t } from '../../i18n';
import { pipelineNameProblem } from '../../lib/pipeline';
import { latestRuns } from '../../lib/pipelineRun';
import { TEMPLATES } from '../../lib/pipelineTemplates';
import { linkHandler, navigate } from '../../lib/router';
import { pipelinePath, runPath } from './Designer';
import { RunStatePill } from './RunStatePill';

function NewPipeline({ existing }: { existing: Set<string> }) {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const problem = name ? pipelineNameProblem(name) : null;
  const taken = existing.has(name);
  const open = () => {
    if (!name || problem) return;
    navigate(pipelinePath(name) + (template && !taken ? `?template=${encodeURIComponent(template)}` : ''));
  };
  return (
    <form className="panel pl-new" onSubmit={(e) => { e.preventDefault(); open(); }} data-testid="new-pipeline">
      <div className="pl-side-title">{t('pipelines.list.new')}</div>
      <div className="pl-new-row">
        <label className="field">
          {t('pipelines.name.label')}
          <input value={name} onChange={(e) => setName(e.target.value.trim())} placeholder="my-pipeline"
            data-testid="new-pipeline-name" className="mono" />
        </label>
        <label className="field">
          {t('pipelines.list.startFrom')}
          <select value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="new-pipeline-template">
            <option value="">{t('pipelines.list.blank')}</option>
            {TEMPLATES.map((tp) => <option key={tp.id} value={tp.id}>{t(tp.titleKey)}</option>)}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={!name || !!problem} data-testid="new-pipeline-create">
          {taken ? t('pipelines.list.openExisting') : t('pipelines.list.create')}
        </button>
      </div>
      <div className="pl-new-note">
        {problem ? <span className="pl-field-error">{t(`pipelines.name.${problem}`)}</span>
          : taken ? <span className="warn-text small">{t('pipelines.list.exists', { name })}</span>
            : <span className="pl-hint">{t('pipelines.list.newHint')}</span>}
      </div>
    </form>
  );
}

export function PipelineList() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['pipelines'], queryFn: pipelinesApi.list });
  const runs = useQuery({
    queryKey: ['pipeline-runs', ''],
    queryFn: () => pipelinesApi.listRuns(),
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.state === 'Executing' || r.state === 'Stopping') ? 2000 : 15_000),
  });
  const [toDelete, setToDelete] = useState<Pipeline | null>(null);
  const remove = useMutation({
    mutationFn: (name: string) => pipelinesApi.remove(name),
    onSuccess: () => {
      setToDelete(null);
      queryClient.invalidateQueries({ queryKey: ['pipelines'] });
    },
  });
  const latest = latestRuns(runs.data?.runs ?? []);
  const pipelines = list.data?.pipelines ?? [];
  const names = new Set(pipelines.map((p) => p.name));

  return (
    <div className="page" data-testid="pipelines-page">
      <div className="page-header">
        <div>
          <h1>{t('common.nav.pipelines')}</h1>
          <p className="subtitle">{t('pipelines.list.subtitle')}</p>
        </div>
      </div>
      <NewPipeline existing={names} />
      <h2 className="section-title">{t('pipelines.list.yours')}</h2>
      {list.error && <ErrorBox error={list.error} />}
      {list.isPending ? (
        <div className="panel pad muted pl-list-placeholder">{t('common.loading')}</div>
      ) : pipelines.length === 0 ? (
        <div className="panel pad pl-list-empty" data-testid="pipelines-empty">
          <strong>{t('pipelines.list.emptyTitle')}</strong>
          <p className="muted">{t('pipelines.list.emptyBody')}</p>
        </div>
      ) : (
        <div className="panel table-wrap">
          <table className="table" data-testid="pipelines-table">
            <thead>
              <tr>
                <th>{t('pipelines.list.name')}</th>
                <th className="num">{t('pipelines.list.version')}</th>
                <th className="num">{t('pipelines.list.steps')}</th>
                <th>{t('pipelines.list.latestRun')}</th>
                <th>{t('pipelines.list.updated')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {pipelines.map((p) => {
                const run = latest.get(p.name) ?? p.last_run;
                return (
                  <tr key={p.id} className="clickable" data-testid="pipeline-row" data-name={p.name}
                    onClick={() => navigate(pipelinePath(p.name))}>
                    <td>
                      <a href={pipelinePath(p.name)} onClick={(e) => { e.stopPropagation(); linkHandler(pipelinePath(p.name))(e); }}>
                        <strong>{p.name}</strong>
                      </a>
                      {p.description && <div className="small muted">{p.description}</div>}
                    </td>
                    <td className="num">v{p.version}</td>
                    <td className="num">{p.step_count ?? p.spec?.steps?.length ?? '—'}</td>
                    <td>
                      {run ? (
                        <a href={runPath(p.name, run.id)} onClick={(e) => { e.stopPropagation(); linkHandler(runPath(p.name, run.id))(e); }}
                          data-testid="latest-run">
                          <RunStatePill state={run.state} /> <span className="small muted">{formatRelativeTime(run.created_at)}</span>
                        </a>
                      ) : <span className="muted small">{t('pipelines.list.neverRun')}</span>}
                    </td>
                    <td className="small muted" title={formatDateTime(p.created_at)}>{formatRelativeTime(p.created_at)}</td>
                    <td>
                      <button type="button" className="btn btn-danger-outline pl-small-btn" data-testid="pipeline-delete"
                        onClick={(e) => { e.stopPropagation(); setToDelete(p); }}>
                        {t('pipelines.list.delete')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2 className="section-title">{t('pipelines.list.templates')}</h2>
      <div className="pl-templates">
        {TEMPLATES.map((tp) => {
          const doc = tp.build(tp.id);
          let name = tp.id;
          for (let i = 2; names.has(name); i++) name = `${tp.id}-${i}`;
          return (
            <div className="card pl-template" key={tp.id} data-testid="template-card" data-template={tp.id}>
              <strong>{t(tp.titleKey)}</strong>
              <p className="muted small">{t(tp.descriptionKey)}</p>
              <div className="pl-template-steps mono small">{doc.steps.map((s) => s.type).join(' → ')}</div>
              <button type="button" className="btn pl-small-btn" data-testid="template-use"
                onClick={() => navigate(`${pipelinePath(name)}?template=${encodeURIComponent(tp.id)}`)}>
                {t('pipelines.list.useTemplate')}
              </button>
            </div>
          );
        })}
      </div>

      <ConfirmDialog open={!!toDelete} title={t('pipelines.list.deleteTitle', { name: toDelete?.name ?? '' })}
        body={<><p>{t('pipelines.list.deleteBody')}</p>{remove.error && <ErrorBox error={remove.error} />}</>}
        confirmLabel={t('pipelines.list.delete')} busy={remove.isPending}
        onConfirm={() => toDelete && remove.mutate(toDelete.name)} onCancel={() => { setToDelete(null); remove.reset(); }} />
    </div>
  );
}
