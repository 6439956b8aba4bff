import { bookmarkedIds } from '../features/bookmarks/api/bookmarks.js';
import { remove } from '../lib/storage.js';

/**
 * History and Bookmarks keep their first page on the device for offline reading. They belong to
 * the user who was signed in: on login and logout they go, and the next visit asks the server.
 */
export function forgetAccountLists(): void {
  remove('cache.history');
  remove('cache.bookmarks');
  bookmarkedIds.set(new Set());
}
