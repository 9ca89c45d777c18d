// The pipeline designer (/pipelines/<name>): palette, canvas, and a side panel that edits the
// selected step or, with nothing selected, the pipeline (description, parameters, validation,
// recent runs). Edits go through an undo stack (Ctrl+Z / Ctrl+Shift+Z); the document is validated
// by the server as the user edits (debounced), saved as a new version, exported / imported as
// YAML, and run with parameter values. A name that does not exist yet opens an empty designer, or
// a template (?template=<id>). The palette and the side panel collapse to rails (buttons, or the
// `[` / `]` keys; remembered in localStorage) to give the canvas the width.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { ApiError } from '../../api/client';
import {
  pipelinesApi,
  validationErrors,
  type Pipeline,
  type StepType,
  type ValidationIssue,
  type ValidationResult,
} from '../../api/pipelines';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDateTime, t } from '../../i18n';
import {
  addStep,
  autoLayout,
  designToDoc,
  docToDesign,
  emptyDesign,
  findCycle,
  indexTypes,
  pipelineNameProblem,
  removeSteps,
  stepsWithErrors,
  type Design,
  type TypeIndex,
  type XY,
} from '../../lib/pipeline';
import { canRedo, canUndo, initHistory, pushHistory, redo, undo, type History } from '../../lib/pipelineHistory';
import { findTemplate } from '../../lib/pipelineTemplates';
import { useDebounced } from '../../lib/useDebounced';
import { linkHandler, navigate, setSearchParams } from '../../lib/router';
import { Canvas } from './Canvas';
import { CollapsiblePanel, usePanelOpen, usePanelShortcut } from './CollapsiblePanel';
import { ImportDialog } from './ImportDialog';
import { Palette } from './Palette';
import { ParametersPanel } from './ParametersPanel';
import { RunDialog } from './RunDialog';
import { RunStatePill } from './RunStatePill';
import { StepPanel } from './StepPanel';
import { Toast, type ToastMessage } from './Toast';

export function pipelinePath(name: string): string {
  return `/pipelines/${encodeURIComponent(name)}`;
}
export function runPath(name: string, runId: string): string {
  return `${pipelinePath(name)}/runs/${encodeURIComponent(runId)}`;
}

export function useStepTypes() {
  return useQuery({ queryKey: ['pipeline-step-types'], queryFn: pipelinesApi.stepTypes, staleTime: Infinity });
}

function docKey(design: Design): string {
  return JSON.stringify(designToDoc(design));
}

// Loads the pipeline (or starts a new one) and the step types, then opens the editor.
export function Designer({ name, template }: { name: string; template: string | null }) {
  const types = useStepTypes();
  const pipeline = useQuery({
    queryKey: ['pipeline', name],
    queryFn: async () => {
      try {
        return await pipelinesApi.get(name);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    staleTime: 0,
    gcTime: 0,
  });
  if (types.error || pipeline.error) {
    return <div className="page"><ErrorBox error={types.error ?? pipeline.error} /></div>;
  }
  if (!types.data || pipeline.data === undefined) {
    return <div className="pl-designer pl-loading" data-testid="designer-loading"><div className="muted pad">{t('common.loading')}</div></div>;
  }
  return (
    <ReactFlowProvider>
      <Editor key={name} routeName={name} saved={pipeline.data}
        stepTypes={types.data.step_types} template={template} />
    </ReactFlowProvider>
  );
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function Editor({ routeName, saved: initialSaved, stepTypes, template }: {
  routeName: string;
  saved: Pipeline | null;
  stepTypes: StepType[];
  template: string | null;
}) {
  const queryClient = useQueryClient();
  const flow = useReactFlow();
  const types: TypeIndex = useMemo(() => indexTypes(stepTypes), [stepTypes]);
  const [history, setHistory] = useState<History<Design>>(() => {
    if (initialSaved) return initHistory(docToDesign({ ...initialSaved.spec, name: initialSaved.name }, types));
    const tpl = findTemplate(template);
    return initHistory(tpl ? docToDesign(tpl.build(routeName), types) : emptyDesign(routeName));
  });
  const design = history.present;
  const [saved, setSaved] = useState<{ version: number; key: string } | null>(() =>
    initialSaved ? { version: initialSaved.version, key: docKey(history.present) } : null);
  const [selNodes, setSelNodes] = useState<string[]>([]);
  const [selEdges, setSelEdges] = useState<string[]>([]);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [validation, setValidation] = useState<ValidationResult | null>(null);
  const [saveIssues, setSaveIssues] = useState<ValidationIssue[] | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [runOpen, setRunOpen] = useState(false);
  const [runBusy, setRunBusy] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const [importOpen, setImportOpen] = useState(false);
  const canvasRef = useRef<HTMLDivElement>(null);
  const serial = useRef(0);
  const [paletteOpen, setPaletteOpen] = usePanelOpen('palette');
  const [sideOpen, setSideOpen] = usePanelOpen('side');
  usePanelShortcut('[', useCallback(() => setPaletteOpen(!paletteOpen), [paletteOpen, setPaletteOpen]));
  usePanelShortcut(']', useCallback(() => setSideOpen(!sideOpen), [sideOpen, setSideOpen]));

  const show = useCallback((text: string, kind: ToastMessage['kind'] = 'info') => {
    serial.current += 1;
    setToast({ text, kind, serial: serial.current });
  }, []);
  const closeToast = useCallback(() => setToast(null), []);

  const change = useCallback((next: Design, key: string | null) => {
    setHistory((h) => pushHistory(h, next, key));
  }, []);
  const select = useCallback((nodes: string[], edges: string[]) => {
    setSelNodes(nodes);
    setSelEdges(edges);
  }, []);

  const key = useMemo(() => docKey(design), [design]);
  const dirty = !saved || saved.key !== key;
  const nameProblem = pipelineNameProblem(design.name);

  // Live validation by the server, debounced; layout changes do not count.
  const structure = useMemo(() => {
    const doc = designToDoc(design);
    delete doc.layout;
    return JSON.stringify(doc);
  }, [design]);
  const settled = useDebounced(structure, 600);
  const validateSerial = useRef(0);
  useEffect(() => {
    const doc = JSON.parse(settled);
    if (!doc.steps?.length) {
      setValidation(null);
      return;
    }
    const mine = ++validateSerial.current;
    pipelinesApi.validate(doc).then(
      (v) => { if (mine === validateSerial.current) setValidation(v); },
      (e) => {
        if (mine !== validateSerial.current) return;
        const issues = validationErrors(e);
        setValidation({ valid: false, errors: issues.length ? issues : [{ path: '', message: (e as Error).message }] });
      },
    );
  }, [settled]);
  const stale = settled !== structure;
  const issues: ValidationIssue[] = saveIssues ?? validation?.errors ?? [];
  const errorCounts = useMemo(() => stepsWithErrors(design, issues.map((i) => i.path)), [design, issues]);
  const cycle = useMemo(() => findCycle(design), [design]);

  useEffect(() => setSaveIssues(null), [structure]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const save = useCallback(async (): Promise<Pipeline | null> => {
    if (nameProblem) {
      show(t(`pipelines.name.${nameProblem}`), 'error');
      return null;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const p = await pipelinesApi.save(designToDoc(design));
      setSaved({ version: p.version, key: docKey(design) });
      setSaveIssues(null);
      show(t('pipelines.saved', { name: p.name, version: p.version }), 'success');
      queryClient.invalidateQueries({ queryKey: ['pipelines'] });
      queryClient.setQueryData(['pipeline', p.name], p);
      if (p.name !== routeName) {
        navigate(pipelinePath(p.name));
      } else {
        setSearchParams({ template: null });
      }
      return p;
    } catch (e) {
      const list = validationErrors(e);
      setSaveIssues(list.length ? list : null);
      setSaveError(e);
      show(list.length ? t('pipelines.saveRefused', { count: list.length }) : (e as Error).message, 'error');
      return null;
    } finally {
      setSaving(false);
    }
  }, [design, nameProblem, queryClient, routeName, show]);

  const startRun = async (values: Record<string, unknown>, cache: boolean) => {
    setRunBusy(true);
    setRunError(null);
    try {
      let version = saved?.version;
      if (dirty) {
        const p = await save();
        if (!p) {
          setRunError(new Error(t('pipelines.run.saveFailed')));
          return;
        }
        version = p.version;
      }
      const run = await pipelinesApi.startRun(design.name, { parameters: values, version, cache });
      setRunOpen(false);
      navigate(runPath(design.name, run.id));
    } catch (e) {
      setRunError(e);
    } finally {
      setRunBusy(false);
    }
  };

  const addAt = useCallback((type: string, at: XY | null) => {
    let position = at;
    if (!position) {
      const rect = canvasRef.current?.getBoundingClientRect();
      const center = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
      position = { x: Math.round(center.x - 110), y: Math.round(center.y - 50) };
      // Step down until no other node sits there.
      while (design.nodes.some((n) => Math.abs(n.position.x - position!.x) < 60 && Math.abs(n.position.y - position!.y) < 50)) {
        position = { x: position.x + 30, y: position.y + 60 };
      }
    }
    const [next, id] = addStep(design, type, position);
    change(next, null);
    select([id], []);
  }, [design, change, select, flow]);

  const doUndo = useCallback(() => setHistory((h) => undo(h)), []);
  const doRedo = useCallback(() => setHistory((h) => redo(h)), []);
  const layout = () => {
    change(autoLayout(design), null);
    window.setTimeout(() => flow.fitView({ padding: 0.2, maxZoom: 1, duration: 200 }), 50);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const k = e.key.toLowerCase();
      if (k === 's') {
        e.preventDefault();
        void save();
        return;
      }
      if (isTyping(e.target)) return;
      if (k === 'z' && !e.shiftKey) { e.preventDefault(); doUndo(); }
      else if ((k === 'z' && e.shiftKey) || k === 'y') { e.preventDefault(); doRedo(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save, doUndo, doRedo]);

  // Selection must follow the design (undo may remove the selected step).
  const selectedNode = selNodes.length === 1 ? design.nodes.find((n) => n.id === selNodes[0]) : undefined;
  const selectedIndex = selectedNode ? design.nodes.indexOf(selectedNode) : -1;
  const stepIssues = selectedIndex >= 0
    ? issues.filter((i) => i.path === `steps[${selectedIndex}]` || i.path.startsWith(`steps[${selectedIndex}].`))
    : [];

  const runs = useQuery({
    queryKey: ['pipeline-runs', design.name],
    queryFn: () => pipelinesApi.listRuns(design.name),
    enabled: !!saved,
  });

  return (
    <div className="pl-designer" data-testid="pipeline-designer" data-name={design.name}>
      <header className="pl-toolbar">
        <a className="pl-back" href="/pipelines" onClick={linkHandler('/pipelines')}>{t('pipelines.back')}</a>
        {saved ? (
          <h1 className="pl-title" data-testid="pipeline-name">{design.name}</h1>
        ) : (
          <input className={`pl-name-input mono${nameProblem ? ' invalid' : ''}`} value={design.name}
            aria-label={t('pipelines.name.label')} data-testid="pipeline-name-input"
            onChange={(e) => change({ ...design, name: e.target.value.trim() }, 'name')} />
        )}
        <span className={`pl-version${dirty ? ' dirty' : ''}`} data-testid="pipeline-version" data-version={saved?.version ?? ''}>
          {saved ? t('pipelines.version', { version: saved.version }) : t('pipelines.unsaved')}
          {saved && dirty && <span title={t('pipelines.dirty')}> •</span>}
        </span>
        <div className="pl-toolbar-group">
          <button type="button" className="btn pl-small-btn" onClick={doUndo} disabled={!canUndo(history)}
            title={t('pipelines.undoHint')} data-testid="undo">{t('pipelines.undo')}</button>
          <button type="button" className="btn pl-small-btn" onClick={doRedo} disabled={!canRedo(history)}
            title={t('pipelines.redoHint')} data-testid="redo">{t('pipelines.redo')}</button>
          <button type="button" className="btn pl-small-btn" onClick={layout} disabled={!design.nodes.length}
            data-testid="auto-layout">{t('pipelines.autoLayout')}</button>
        </div>
        <div className="pl-toolbar-group">
          <button type="button" className="btn pl-small-btn" onClick={() => setImportOpen(true)} data-testid="import">
            {t('pipelines.import')}
          </button>
          {saved ? (
            <a className="btn pl-small-btn" href={pipelinesApi.yamlUrl(design.name)} download={`${design.name}.yaml`}
              title={dirty ? t('pipelines.exportSavedHint', { version: saved.version }) : undefined} data-testid="export">
              {t('pipelines.export')}
            </a>
          ) : (
            <button type="button" className="btn pl-small-btn" disabled title={t('pipelines.exportUnsaved')}>{t('pipelines.export')}</button>
          )}
        </div>
        <div className="pl-toolbar-group end">
          <button type="button" className="btn" onClick={() => void save()} disabled={saving || !design.nodes.length}
            data-testid="save">{saving ? t('pipelines.saving') : t('pipelines.save')}</button>
          <button type="button" className="btn btn-primary" onClick={() => { setRunError(null); setRunOpen(true); }}
            disabled={!design.nodes.length} data-testid="run">{t('pipelines.runButton')}</button>
        </div>
      </header>

      <div className={`pl-body${paletteOpen ? '' : ' palette-collapsed'}${sideOpen ? '' : ' side-collapsed'}`}>
        <Palette types={stepTypes} canvas={canvasRef} onAdd={addAt} open={paletteOpen} onToggle={setPaletteOpen} />
        <div className="pl-canvas" ref={canvasRef} data-testid="pipeline-canvas">
          <Canvas design={design} types={types} selectedNodes={selNodes} selectedEdges={selEdges} onSelect={select}
            onChange={change} onRefuse={(r) => show(r, 'error')} errorCounts={errorCounts} />
          {design.nodes.length === 0 && (
            <div className="pl-canvas-empty" data-testid="canvas-empty">
              <h2>{t('pipelines.empty.title')}</h2>
              <p>{t('pipelines.empty.body')}</p>
            </div>
          )}
          <Toast toast={toast} onClose={closeToast} />
        </div>
        <CollapsiblePanel name="side" side="right" open={sideOpen} onToggle={setSideOpen} className="pl-side" testId="side-panel"
          label={t('pipelines.panelToggle.details')} shortcut="]"
          header={<span className="pl-panel-bar-title">{selectedNode ? t('pipelines.panelToggle.step') : t('pipelines.panel.pipeline')}</span>}>
          {selectedNode ? (
            <StepPanel types={types} design={design} node={selectedNode} schema={types.get(selectedNode.type)} issues={stepIssues}
              onChange={change} onRenamed={(id) => select([id], [])}
              onDelete={() => { change(removeSteps(design, [selectedNode.id]), null); select([], []); }} />
          ) : (
            <>
              <div className="pl-pipeline-panel">
                <div className="pl-side-title">{t('pipelines.panel.pipeline')}</div>
                <div className="pl-field">
                  <label htmlFor="pl-description">{t('pipelines.panel.description')}</label>
                  <textarea id="pl-description" rows={2} value={design.description ?? ''}
                    onChange={(e) => change({ ...design, description: e.target.value || undefined }, 'description')} />
                </div>
                {selEdges.length > 0 && (
                  <p className="pl-hint">{t('pipelines.panel.edgeSelected')}</p>
                )}
              </div>
              <ParametersPanel design={design} issues={issues} onChange={change} />
              <ValidationPanel design={design} validation={validation} saveIssues={saveIssues} saveError={saveError}
                stale={stale} cycle={cycle} onSelectStep={(id) => select([id], [])} />
              {saved && (
                <div className="pl-runs-panel">
                  <div className="pl-side-title">{t('pipelines.panel.runs')}</div>
                  {runs.data?.runs.length ? (
                    <ul className="pl-run-list">
                      {runs.data.runs.slice(0, 8).map((r) => (
                        <li key={r.id}>
                          <a href={runPath(design.name, r.id)} onClick={linkHandler(runPath(design.name, r.id))}>
                            <RunStatePill state={r.state} /> <span className="muted small">{formatDateTime(r.created_at)} · v{r.pipeline.version}</span>
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : <p className="pl-hint">{t('pipelines.panel.noRuns')}</p>}
                </div>
              )}
            </>
          )}
        </CollapsiblePanel>
      </div>

      <RunDialog open={runOpen} parameters={design.parameters} dirty={dirty} busy={runBusy} error={runError}
        onStart={startRun} onCancel={() => setRunOpen(false)} />
      <ImportDialog open={importOpen} onCancel={() => setImportOpen(false)}
        onDone={(p) => {
          setImportOpen(false);
          queryClient.invalidateQueries({ queryKey: ['pipelines'] });
          queryClient.removeQueries({ queryKey: ['pipeline', p.name] });
          show(t('pipelines.imported', { name: p.name, version: p.version }), 'success');
          navigate(pipelinePath(p.name));
        }} />
    </div>
  );
}

function ValidationPanel({ design, validation, saveIssues, saveError, stale, cycle, onSelectStep }: {
  design: Design;
  validation: ValidationResult | null;
  saveIssues: ValidationIssue[] | null;
  saveError: unknown;
  stale: boolean;
  cycle: string[] | null;
  onSelectStep: (id: string) => void;
}) {
  const list = saveIssues ?? validation?.errors ?? [];
  const stepOf = (path: string) => {
    const m = /^steps\[(\d+)\]/.exec(path);
    return m ? design.nodes[Number(m[1])]?.id : undefined;
  };
  let status: React.ReactNode;
  if (!design.nodes.length) status = <p className="pl-hint">{t('pipelines.validation.empty')}</p>;
  else if (saveIssues) status = <div className="pl-valid bad">{t('pipelines.saveRefused', { count: saveIssues.length })}</div>;
  else if (!validation) status = <p className="pl-hint">{t('pipelines.validation.checking')}</p>;
  else if (validation.valid) {
    status = (
      <div className="pl-valid ok" data-testid="validation-ok">
        {t('pipelines.validation.ok')}
        {validation.order?.length ? <div className="small muted">{t('pipelines.validation.order', { order: validation.order.join(' → ') })}</div> : null}
      </div>
    );
  } else status = <div className="pl-valid bad">{t('pipelines.validation.problems', { count: validation.errors.length })}</div>;
  return (
    <div className="pl-validation" data-testid="validation-panel" data-valid={validation?.valid && !saveIssues ? 'true' : 'false'}
      data-stale={stale ? 'true' : 'false'}>
      <div className="pl-side-title">{t('pipelines.validation.title')}{stale && design.nodes.length > 0 && <span className="pl-spinner small" />}</div>
      {status}
      {cycle && <div className="pl-field-error">{t('pipelines.validation.cycle', { path: cycle.join(' → ') })}</div>}
      {list.length > 0 && (
        <ul className="pl-issue-list" data-testid="validation-errors">
          {list.map((i) => {
            const step = stepOf(i.path);
            return (
              <li key={i.path + i.message} data-path={i.path}>
                {step ? (
                  <button type="button" className="pl-link-btn mono" onClick={() => onSelectStep(step)}>{i.path}</button>
                ) : <span className="mono">{i.path || '—'}</span>}{' '}
                {i.message}
              </li>
            );
          })}
        </ul>
      )}
      {!!saveError && !saveIssues && <ErrorBox error={saveError} />}
    </div>
  );
}
