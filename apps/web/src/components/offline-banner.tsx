import { useOnline } from '../lib/online.js';

export function OfflineBanner() {
  const online = useOnline();
  if (online) return null;
  return (
    <div className="offline-banner" role="status">
      오프라인이에요. 저장된 기록만 볼 수 있고, 새 검증은 연결되면 할 수 있어요.
    </div>
  );
}
