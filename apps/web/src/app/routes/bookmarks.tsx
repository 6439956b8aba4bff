import { BookmarksPage } from '../../features/bookmarks/components/bookmarks-page.js';

export default BookmarksPage;
