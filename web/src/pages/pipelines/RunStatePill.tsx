// A run's or a step's state as a coloured pill (Executing, Succeeded, Failed, Stopped...).
import { tOr } from '../../i18n';
import { Spinner } from './StepNode';

export function RunStatePill({ state, testId }: { state: string; testId?: string }) {
  const busy = state === 'Executing' || state === 'Stopping' || state === 'Running';
  return (
    <span className={`pl-pill st-${state.toLowerCase()}`} data-testid={testId} data-state={state}>
      {busy && <Spinner />}
      {tOr(`pipelines.state.${state}`, state)}
    </span>
  );
}
