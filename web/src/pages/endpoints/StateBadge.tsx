// The coloured state of an endpoint or variant (InService green, Creating / Updating blue and
// pulsing, Failed red), with the state's translated name.
import { t } from '../../i18n';
import { stateTone } from '../../lib/endpoints';

export function stateLabel(state: string | undefined): string {
  if (!state) return '—';
  const key = `endpoints.state.${state}`;
  const text = t(key);
  return text === key ? state : text;
}

export function StateBadge({ state, testId }: { state: string | undefined; testId?: string }) {
  return (
    <span className={`ep-state tone-${stateTone(state)}`} data-testid={testId} data-state={state ?? ''}>
      {stateLabel(state)}
    </span>
  );
}
