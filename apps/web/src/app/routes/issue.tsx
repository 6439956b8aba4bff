import { paths } from '../../config/paths.js';
import { IssueArticle } from '../../features/issues/components/issue-article.js';

export default function IssueRoute({ id }: { id: string }) {
  return <IssueArticle issueId={id} chatHref={paths.chat.href(id)} resultHref={paths.result.href} />;
}
