import { paths, safeNext } from '../../config/paths.js';
import { LoginForm } from '../../features/auth/components/login-form.js';
import { forgetAccountLists } from '../account-lists.js';
import { navigate } from '../../lib/router.js';

/** `/login` and `/register`; `?next=` is where to go afterwards (the profile by default). */
export default function LoginRoute({ mode, search }: { mode: 'login' | 'register'; search: URLSearchParams }) {
  const next = safeNext(search.get('next'));
  const other = mode === 'login' ? paths.register.href(next) : paths.login.href(next);
  return (
    <LoginForm
      mode={mode}
      otherHref={other}
      onDone={() => {
        // The lists kept for offline reading were the anonymous user's; the account's come next.
        forgetAccountLists();
        navigate(next ?? paths.profile.href(), { replace: true });
      }}
    />
  );
}
