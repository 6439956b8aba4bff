import { paths } from '../../config/paths.js';
import { showOnboardingAgain } from '../../features/onboarding/onboarding-store.js';
import { SettingsPage } from '../../features/settings/components/settings-page.js';

export default function SettingsRoute() {
  return <SettingsPage onShowOnboarding={showOnboardingAgain} profileHref={paths.profile.href()} />;
}
