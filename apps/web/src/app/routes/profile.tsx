import { paths } from '../../config/paths.js';
import { ProfilePage } from '../../features/auth/components/profile-page.js';
import { forgetAccountLists } from '../account-lists.js';

export default function ProfileRoute() {
  return (
    <ProfilePage
      loginHref={paths.login.href(paths.profile.href())}
      registerHref={paths.register.href(paths.profile.href())}
      onLoggedOut={forgetAccountLists}
    />
  );
}
