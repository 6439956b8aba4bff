import { paths } from '../../config/paths.js';
import { AdminPage, tabOf } from '../../features/admin/components/admin-page.js';
import { navigate } from '../../lib/router.js';

export default function AdminRoute({ search }: { search: URLSearchParams }) {
  return (
    <AdminPage
      tab={tabOf(search.get('tab'))}
      onTab={(tab) => navigate(paths.admin.href(tab), { replace: true })}
      resultHref={paths.result.href}
      loginHref={paths.login.href(paths.admin.href())}
    />
  );
}
