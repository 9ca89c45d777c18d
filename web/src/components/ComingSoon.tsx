// The placeholder panel for sections that are not live yet.
import { Icon, type Section } from './Sidebar';

export function ComingSoon({ section }: { section: Section }) {
  return (
    <div className="page">
      <header className="page-header">
        <h1>{section.label}</h1>
      </header>
      <div className="panel coming-soon" data-testid="coming-soon">
        <div className="coming-soon-icon">
          <Icon d={section.icon} />
        </div>
        <h2>Coming in a later release</h2>
        <p>{section.blurb}</p>
      </div>
    </div>
  );
}
