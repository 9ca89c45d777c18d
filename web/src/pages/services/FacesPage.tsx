// Faces (Rekognition-compatible, dlib): upload a PNG or JPEG, see each face's box and its 68
// landmark points drawn over the image, and per face the confidence, pose, quality and eyes /
// mouth open.
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { servicesApi } from '../../api/services';
import { ErrorBox } from '../../components/ErrorBox';
import { formatNumber, t } from '../../i18n';
import { FileDrop, PageHeader } from './components';

const num = (v: number, digits = 1) => formatNumber(v, { maximumFractionDigits: digits });

export default function FacesPage() {
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [points, setPoints] = useState(true);
  const [selected, setSelected] = useState(-1);
  const detect = useMutation({ mutationFn: (f: File) => servicesApi.detectFaces(f) });
  useEffect(() => () => { if (url) URL.revokeObjectURL(url); }, [url]);

  const choose = (f: File) => {
    setFile(f);
    setSelected(-1);
    setUrl(URL.createObjectURL(f));
    detect.mutate(f);
  };
  const r = detect.data;
  const stroke = r ? Math.max(1.5, Math.max(r.width, r.height) / 300) : 2;

  return (
    <div className="page" data-testid="faces-page">
      <PageHeader title={t('services.faces.title')} subtitle={t('services.faces.subtitle')} />
      <section className="panel">
        <FileDrop accept="image/png,image/jpeg" file={file} onFile={choose} hint={t('services.faces.hint')} disabled={detect.isPending} />
        {detect.isPending && <p className="muted" data-testid="faces-loading">{t('services.faces.finding')}</p>}
        {detect.error && <ErrorBox error={detect.error} testId="faces-error" />}
      </section>
      {r && url && (
        <div className="svc-doc-layout">
          <section className="panel">
            <div className="panel-title-row">
              <strong data-testid="faces-count" data-count={r.faces.length}>{t('services.faces.found', { count: r.faces.length })}</strong>
              <label className="check">
                <input type="checkbox" checked={points} onChange={(e) => setPoints(e.target.checked)} data-testid="faces-points" />
                {t('services.faces.landmarks')}
              </label>
            </div>
            <div className="svc-stage">
              <img src={url} alt={file?.name ?? ''} className="svc-stage-img" />
              <svg className="svc-overlay" viewBox={`0 0 ${r.width} ${r.height}`} preserveAspectRatio="none" data-testid="faces-overlay"
                role="img" aria-label={t('services.faces.found', { count: r.faces.length })}>
                {r.faces.map((f, i) => (
                  <g key={i} className={`svc-face${selected === i ? ' selected' : ''}`}>
                    <rect x={f.box.left} y={f.box.top} width={f.box.width} height={f.box.height} strokeWidth={stroke}
                      className="svc-face-box" data-testid="face-box" />
                    <text x={f.box.left} y={Math.max(stroke * 6, f.box.top - stroke * 2)} fontSize={stroke * 7} className="svc-face-label">
                      {i + 1}
                    </text>
                    {points && f.points.map(([x, y], k) => (
                      <circle key={k} cx={x} cy={y} r={stroke * 0.9} className="svc-face-point" data-testid="face-point" />
                    ))}
                  </g>
                ))}
              </svg>
            </div>
          </section>
          <div>
            {r.faces.length === 0 && <section className="panel muted" data-testid="faces-none">{t('services.faces.none')}</section>}
            {r.faces.map((f, i) => (
              <section key={i} className={`panel svc-face-card${selected === i ? ' selected' : ''}`} data-testid="face-card"
                tabIndex={0} onFocus={() => setSelected(i)} onBlur={() => setSelected(-1)}
                onMouseEnter={() => setSelected(i)} onMouseLeave={() => setSelected(-1)}>
                <h3 className="panel-title">{t('services.faces.face', { n: i + 1 })}</h3>
                <dl className="svc-kv">
                  <div><dt>{t('services.faces.confidence')}</dt><dd data-testid="face-confidence">{num(f.confidence)}%</dd></div>
                  <div><dt>{t('services.faces.box')}</dt><dd>{t('services.faces.boxValue', { left: Math.round(f.box.left), top: Math.round(f.box.top), width: Math.round(f.box.width), height: Math.round(f.box.height) })}</dd></div>
                  <div><dt>{t('services.faces.pose')}</dt><dd>{t('services.faces.poseValue', { roll: num(f.pose.roll), yaw: num(f.pose.yaw), pitch: num(f.pose.pitch) })}</dd></div>
                  <div><dt>{t('services.faces.brightness')}</dt><dd>{num(f.quality.brightness)}</dd></div>
                  <div><dt>{t('services.faces.sharpness')}</dt><dd>{num(f.quality.sharpness)}</dd></div>
                  {f.eyes_open && <div><dt>{t('services.faces.eyesOpen')}</dt><dd>{f.eyes_open.value ? t('common.yes') : t('common.no')} ({num(f.eyes_open.confidence)}%)</dd></div>}
                  {f.mouth_open && <div><dt>{t('services.faces.mouthOpen')}</dt><dd>{f.mouth_open.value ? t('common.yes') : t('common.no')} ({num(f.mouth_open.confidence)}%)</dd></div>}
                  <div><dt>{t('services.faces.points')}</dt><dd>{f.points.length}</dd></div>
                </dl>
              </section>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
