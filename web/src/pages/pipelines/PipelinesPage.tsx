// The Pipelines section: /pipelines (the list and templates), /pipelines/<name> (the designer;
// ?template=<id> starts a new pipeline from a template), /pipelines/<name>/runs/<run id> (a run,
// live). Loaded on demand with @xyflow/react, so the main bundle does not carry the canvas.
import { useSearch } from '../../lib/router';
import { Designer } from './Designer';
import { PipelineList } from './PipelineList';
import { RunView } from './RunView';
import './pipelines.css';

export default function PipelinesPage({ name, runId }: { name?: string; runId?: string }) {
  const search = useSearch();
  if (name && runId) return <RunView key={runId} name={name} runId={runId} />;
  if (name) return <Designer key={name} name={name} template={new URLSearchParams(search).get('template')} />;
  return <PipelineList />;
}
