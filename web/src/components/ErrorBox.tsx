// Shows an API error: its message, and where it points (field, file, line, column) when the server
// says.
import { ApiError } from '../api/client';
import { hasKey, t } from '../i18n';

// "ValidationError" -> "Validation error" (translated when the catalog knows the code).
function humanCode(code: string): string {
  if (hasKey(`common.errorCode.${code}`)) return t(`common.errorCode.${code}`);
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function ErrorBox({ error, testId }: { error: unknown; testId?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof ApiError ? error.details : {};
  const where: string[] = [];
  if (typeof details.field === 'string' && details.field) where.push(t('common.error.field', { name: details.field }));
  if (details.file) where.push(t('common.error.file', { name: String(details.file) }));
  if (details.line != null) where.push(t('common.error.line', { line: String(details.line) }));
  if (details.column != null) where.push(t('common.error.column', { column: String(details.column) }));
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      <div className="error-title">
        {error instanceof ApiError && error.code !== 'HttpError' ? humanCode(error.code) : t('common.error')}
      </div>
      <div className="error-message">{message}</div>
      {where.length > 0 && (
        <div className="error-where" data-testid={testId ? `${testId}-where` : undefined}>
          {where.join(' · ')}
        </div>
      )}
    </div>
  );
}
