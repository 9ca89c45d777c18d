// The palette of step types (GET /api/v1/pipeline-step-types), grouped by category. An item is
// dragged onto the canvas with pointer events (pointerdown, window pointermove / pointerup: works
// with a mouse, a pen, touch and Playwright's page.mouse alike), or added with Enter / a click.
// It collapses to a rail (CollapsiblePanel; the Designer keeps the open state).
import { useEffect, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { StepType } from '../../api/pipelines';
import { t, tOr } from '../../i18n';
import type { XY } from '../../lib/pipeline';
import { CollapsiblePanel } from './CollapsiblePanel';

const CATEGORY_ORDER = ['data', 'model', 'train', 'evaluate', 'control', 'deploy'];

export interface PaletteProps {
  types: StepType[];
  canvas: React.RefObject<HTMLDivElement | null>;
  // Adds a step of `type`; `at` is the flow position of the drop, or null for "somewhere free".
  onAdd: (type: string, at: XY | null) => void;
  open: boolean;
  onToggle: (open: boolean) => void;
}

interface Drag {
  type: string;
  startX: number;
  startY: number;
  x: number;
  y: number;
  moved: boolean;
}

export function Palette({ types, canvas, onAdd, open, onToggle }: PaletteProps) {
  const flow = useReactFlow();
  const [drag, setDrag] = useState<Drag | null>(null);
  const dragRef = useRef<Drag | null>(null);
  dragRef.current = drag;

  useEffect(() => {
    if (!drag) return;
    const move = (e: PointerEvent) => {
      const d = dragRef.current;
      if (!d) return;
      const moved = d.moved || Math.hypot(e.clientX - d.startX, e.clientY - d.startY) > 4;
      setDrag({ ...d, x: e.clientX, y: e.clientY, moved });
    };
    const up = (e: PointerEvent) => {
      const d = dragRef.current;
      setDrag(null);
      if (!d) return;
      if (!d.moved) {
        onAdd(d.type, null);
        return;
      }
      const rect = canvas.current?.getBoundingClientRect();
      if (!rect || e.clientX < rect.left || e.clientX > rect.right || e.clientY < rect.top || e.clientY > rect.bottom) return;
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // The pointer holds the node near its top-left corner, as the ghost showed it.
      onAdd(d.type, { x: Math.round(p.x - 20), y: Math.round(p.y - 16) });
    };
    const cancel = (e: KeyboardEvent) => { if (e.key === 'Escape') setDrag(null); };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('keydown', cancel);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('keydown', cancel);
    };
    // Re-subscribe only when a drag starts or ends.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drag !== null]);

  const groups = new Map<string, StepType[]>();
  for (const s of types) {
    if (!groups.has(s.category)) groups.set(s.category, []);
    groups.get(s.category)!.push(s);
  }
  const categories = [...groups.keys()].sort(
    (a, b) => (CATEGORY_ORDER.indexOf(a) + 1 || 99) - (CATEGORY_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );

  return (
    <CollapsiblePanel name="palette" side="left" open={open} onToggle={onToggle} label={t('pipelines.palette.title')}
      shortcut="[" className="pl-palette" testId="pipeline-palette"
      header={<div className="pl-side-title">{t('pipelines.palette.title')}</div>}>
      <p className="pl-hint">{t('pipelines.palette.hint')}</p>
      {categories.map((cat) => (
        <div className="pl-palette-group" key={cat}>
          <div className="pl-palette-cat">{tOr(`pipelines.category.${cat}`, cat)}</div>
          {groups.get(cat)!.map((s) => (
            <button
              type="button"
              key={s.type}
              className={`pl-palette-item cat-${cat}`}
              data-testid="palette-item"
              data-type={s.type}
              title={s.description}
              onPointerDown={(e) => {
                if (e.button !== 0) return;
                e.preventDefault(); // no text selection or native drag
                (e.currentTarget as HTMLElement).focus();
                setDrag({ type: s.type, startX: e.clientX, startY: e.clientY, x: e.clientX, y: e.clientY, moved: false });
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onAdd(s.type, null);
                }
              }}
            >
              <span className="pl-palette-name">{s.type}</span>
              <span className="pl-palette-ports">
                {s.inputs.map((p) => p.type).join(', ') || '—'} → {s.outputs.map((p) => p.type).join(', ') || '—'}
              </span>
            </button>
          ))}
        </div>
      ))}
      {drag?.moved && (
        <div className="pl-drag-ghost" style={{ left: drag.x - 20, top: drag.y - 16 }} aria-hidden="true">
          {drag.type}
        </div>
      )}
    </CollapsiblePanel>
  );
}
