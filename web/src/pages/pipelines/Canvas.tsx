// The pipeline canvas (@xyflow/react) shared by the designer (editable) and the run view
// (read-only, nodes coloured by state). The design is the source of truth: nodes and edges are
// derived from it, node sizes measured by React Flow are kept here, and every edit goes out
// through onChange (with a coalesce key for the undo stack). Invalid connections are refused
// with their reason (onRefuse).
import { useCallback, useMemo, useRef, useState } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  type Connection as FlowConnection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { PipelineRun } from '../../api/pipelines';
import { t } from '../../i18n';
import {
  checkConnection,
  connect,
  moveSteps,
  removeEdges,
  removeSteps,
  stepRefs,
  variadicInputs,
  type Design,
  type Refusal,
  type TypeIndex,
  type XY,
} from '../../lib/pipeline';
import { useTheme } from '../../lib/theme';
import { StepNode, type StepFlowNode } from './StepNode';

const NODE_TYPES = { step: StepNode };

export function refusalText(r: Refusal): string {
  return t(`pipelines.refuse.${r.code}`, r.params);
}

export interface CanvasProps {
  design: Design;
  types: TypeIndex;
  selectedNodes: string[];
  selectedEdges: string[];
  onSelect: (nodes: string[], edges: string[]) => void;
  readOnly?: boolean;
  onChange?: (next: Design, key: string | null) => void;
  onRefuse?: (reason: string) => void;
  errorCounts?: Map<string, number>;
  run?: PipelineRun | null;
  now?: number;
}

export function Canvas(props: CanvasProps) {
  const { design, types, readOnly, onChange, onRefuse, run } = props;
  const { resolved } = useTheme();
  const [dims, setDims] = useState<Record<string, { width: number; height: number }>>({});
  const dragSerial = useRef(0);
  // Fit the view to the nodes a loaded pipeline starts with; a canvas that starts empty keeps
  // zoom 1 so that dropped steps land under the pointer.
  const [fitOnMount] = useState(() => design.nodes.length > 0);

  const selected = useMemo(() => new Set(props.selectedNodes), [props.selectedNodes]);
  const selectedEdges = useMemo(() => new Set(props.selectedEdges), [props.selectedEdges]);

  const nodes: StepFlowNode[] = useMemo(
    () =>
      design.nodes.map((n) => ({
        id: n.id,
        type: 'step' as const,
        position: n.position,
        selected: selected.has(n.id),
        measured: dims[n.id],
        data: {
          node: n,
          schema: types.get(n.type),
          errors: props.errorCounts?.get(n.id),
          run: run ? run.steps[n.id] ?? { state: 'Pending' } : undefined,
          now: props.now,
          variadic: variadicInputs(design, types, n.id),
        },
      })),
    [design, types, selected, dims, props.errorCounts, run, props.now],
  );

  const edges: Edge[] = useMemo(() => {
    const ids = new Set(design.nodes.map((n) => n.id));
    const list: Edge[] = design.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => {
        const stepState = run?.steps[e.source]?.state;
        const active = stepState === 'Succeeded' || stepState === 'Cached';
        return {
          id: e.id,
          source: e.source,
          sourceHandle: e.sourceHandle,
          target: e.target,
          targetHandle: e.targetHandle,
          selected: selectedEdges.has(e.id),
          className: `pl-edge kind-${e.kind}${active ? ' done' : ''}`,
          label: e.kind === 'data' ? undefined : t(`pipelines.node.${e.kind}`),
          markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
          animated: run ? run.steps[e.target]?.state === 'Running' : false,
        };
      });
    // ${steps.x} references and depends_on: dependencies without data, drawn dotted, not
    // editable here (references follow the properties; depends_on is kept as loaded).
    for (const n of design.nodes) {
      for (const r of new Set([...stepRefs(n.properties), ...(n.extra.depends_on ?? [])])) {
        if (!ids.has(r) || r === n.id) continue;
        list.push({
          id: `ref:${r}->${n.id}`,
          source: r,
          sourceHandle: 'ref',
          target: n.id,
          targetHandle: 'ctrl',
          className: 'pl-edge kind-ref',
          selectable: false,
          deletable: false,
          focusable: false,
        });
      }
    }
    return list;
  }, [design, selectedEdges, run]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepFlowNode>[]) => {
      const moved: Record<string, XY> = {};
      let dragging = false;
      let sel: string[] | null = null;
      const nextDims: Record<string, { width: number; height: number }> = {};
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) nextDims[c.id] = c.dimensions;
        else if (c.type === 'position' && c.position && !readOnly) {
          moved[c.id] = c.position;
          dragging ||= !!c.dragging;
        } else if (c.type === 'select') {
          sel ??= [...props.selectedNodes];
          if (c.selected && !sel.includes(c.id)) sel.push(c.id);
          if (!c.selected) sel = sel.filter((id) => id !== c.id);
        }
      }
      if (Object.keys(nextDims).length) setDims((d) => ({ ...d, ...nextDims }));
      if (sel) props.onSelect(sel, props.selectedEdges);
      if (Object.keys(moved).length && onChange) {
        onChange(moveSteps(design, moved), `move:${dragSerial.current}`);
      }
    },
    [design, onChange, readOnly, props],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      let sel: string[] | null = null;
      for (const c of changes) {
        if (c.type === 'select') {
          sel ??= [...props.selectedEdges];
          if (c.selected && !sel.includes(c.id)) sel.push(c.id);
          if (!c.selected) sel = sel.filter((id) => id !== c.id);
        }
      }
      if (sel) props.onSelect(props.selectedNodes, sel);
    },
    [props],
  );

  const isValidConnection = useCallback(
    (c: Edge | FlowConnection) =>
      !readOnly &&
      checkConnection(design, types, {
        source: c.source, sourceHandle: c.sourceHandle ?? '', target: c.target, targetHandle: c.targetHandle ?? '',
      }) === null,
    [design, types, readOnly],
  );

  const onConnect = useCallback(
    (c: FlowConnection) => {
      const conn = { source: c.source, sourceHandle: c.sourceHandle ?? '', target: c.target, targetHandle: c.targetHandle ?? '' };
      const refusal = checkConnection(design, types, conn);
      if (refusal) onRefuse?.(refusalText(refusal));
      else onChange?.(connect(design, conn), null);
    },
    [design, types, onChange, onRefuse],
  );

  // A drop on a handle that isValidConnection refused: say why.
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (readOnly || !state.fromHandle || !state.toHandle || state.isValid) return;
      const refusal = checkConnection(design, types, {
        source: state.fromHandle.nodeId, sourceHandle: state.fromHandle.id ?? '',
        target: state.toHandle.nodeId, targetHandle: state.toHandle.id ?? '',
      });
      if (refusal) onRefuse?.(refusalText(refusal));
    },
    [design, types, readOnly, onRefuse],
  );

  const onDelete = useCallback(
    ({ nodes: ns, edges: es }: { nodes: StepFlowNode[]; edges: Edge[] }) => {
      if (readOnly || !onChange) return;
      let next = removeSteps(design, ns.map((n) => n.id));
      next = removeEdges(next, es.map((e) => e.id));
      onChange(next, null);
      props.onSelect([], []);
    },
    [design, onChange, readOnly, props],
  );

  return (
    <ReactFlow<StepFlowNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onConnectEnd={onConnectEnd}
      isValidConnection={isValidConnection}
      onDelete={onDelete}
      onNodeDragStart={() => { dragSerial.current += 1; }}
      onPaneClick={() => props.onSelect([], [])}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      edgesReconnectable={false}
      deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
      connectionRadius={24}
      colorMode={resolved}
      fitView={fitOnMount}
      fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
      minZoom={0.2}
      maxZoom={1.75}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable className="pl-minimap" />
    </ReactFlow>
  );
}
