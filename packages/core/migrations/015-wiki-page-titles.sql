-- A claim's subject looked up by its exact title (search/wiki-page.ts pageLeads): the trigram
-- index serves similarity, this one equality, in O(log n) at 1.6M pages.
CREATE INDEX wiki_pages_title_idx ON wiki_pages (title);
