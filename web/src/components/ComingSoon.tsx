// The placeholder panel for sections that are not live yet.
import { t } from '../i18n';
import { Icon, sectionBlurb, sectionLabel, type Section } from './Sidebar';

export function ComingSoon({ section }: { section: Section }) {
  return (
    <div className="page">
      <header className="page-header">
        <h1>{sectionLabel(section)}</h1>
      </header>
      <div className="panel coming-soon" data-testid="coming-soon">
        <div className="coming-soon-icon">
          <Icon d={section.icon} />
        </div>
        <h2>{t('common.soon.title')}</h2>
        <p>{sectionBlurb(section)}</p>
      </div>
    </div>
  );
}
