// A side column of the designer or run view (the palette, the side panel) that can be collapsed to
// a narrow rail so the canvas gets the width. The choice is remembered per panel in localStorage
// (lathe.pipelines.panel.<name>). The toggle is one <button> that stays the same element in both
// states (so it keeps the keyboard focus), with aria-expanded / aria-controls; `[` and `]` toggle
// the palette and the side panel from the keyboard (usePanelShortcut).
//
//   const [open, setOpen] = usePanelOpen('palette');
//   <CollapsiblePanel name="palette" side="left" open={open} onToggle={setOpen} label="Steps" ...>…</CollapsiblePanel>
import { useCallback, useEffect, useState } from 'react';
import { t } from '../../i18n';

export type PanelName = 'palette' | 'side' | 'run-side';

const storageKey = (name: PanelName) => `lathe.pipelines.panel.${name}`;

function readOpen(name: PanelName): boolean {
  try {
    return globalThis.localStorage?.getItem(storageKey(name)) !== 'collapsed';
  } catch {
    return true; // storage blocked: open by default
  }
}

// Whether the panel is open, and a setter that remembers the choice.
export function usePanelOpen(name: PanelName): [boolean, (open: boolean) => void] {
  const [open, setOpenState] = useState(() => readOpen(name));
  const setOpen = useCallback((next: boolean) => {
    setOpenState(next);
    try {
      globalThis.localStorage?.setItem(storageKey(name), next ? 'open' : 'collapsed');
    } catch {
      // storage blocked: the choice lasts for this page only
    }
  }, [name]);
  return [open, setOpen];
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

// Calls `toggle` when `key` ('[' or ']') is pressed without modifiers outside a text field.
export function usePanelShortcut(key: string, toggle: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== key || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open], [role="dialog"]')) return;
      e.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key, toggle]);
}

export interface CollapsiblePanelProps {
  name: PanelName;
  // Which edge of the canvas the panel sits on: the chevrons point accordingly.
  side: 'left' | 'right';
  open: boolean;
  onToggle: (open: boolean) => void;
  // The panel's name, shown on the rail when collapsed and in the toggle's label.
  label: string;
  // The keyboard shortcut shown in the toggle's tooltip.
  shortcut: string;
  className: string;
  testId: string;
  ariaLabel?: string;
  // Shown next to the toggle while open (e.g. the palette's title).
  header?: React.ReactNode;
  children: React.ReactNode;
}

export function CollapsiblePanel({
  name, side, open, onToggle, label, shortcut, className, testId, ariaLabel, header, children,
}: CollapsiblePanelProps) {
  const bodyId = `pl-panel-${name}`;
  const action = open ? t('pipelines.panelToggle.hide', { panel: label }) : t('pipelines.panelToggle.show', { panel: label });
  // ‹ hides a left panel and shows a right one; › the opposite.
  const pointsLeft = (side === 'left') === open;
  return (
    <aside className={`${className} pl-collapsible${open ? '' : ' collapsed'}`} aria-label={ariaLabel ?? label}
      data-testid={testId} data-collapsed={open ? 'false' : 'true'}>
      <div className={`pl-panel-bar ${side}`}>
        <button type="button" className="pl-collapse-btn" onClick={() => onToggle(!open)} aria-expanded={open}
          aria-controls={bodyId} aria-label={action} title={`${action} (${shortcut})`} data-testid={`${testId}-toggle`}>
          <span aria-hidden="true" className="pl-chevron">{pointsLeft ? '‹' : '›'}</span>
          {!open && <span className="pl-rail-label">{label}</span>}
        </button>
        {open && header}
      </div>
      <div id={bodyId} className="pl-panel-body" hidden={!open}>
        {open && children}
      </div>
    </aside>
  );
}
