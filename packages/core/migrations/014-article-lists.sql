-- Whole-article checks in History and Bookmarks (issue 15), and screenshots read as articles
-- (issue 16). Articles get lists of their own rather than a second nullable key in `history`
-- and `bookmarks`: those keep their primary key (user_id, analysis_id), which servers of the
-- previous release name in ON CONFLICT during a rolling upgrade (docs/upgrades.md).

-- An article may come from a screenshot; the image is never stored, its text is `text`.
ALTER TABLE articles DROP CONSTRAINT articles_input_type_check;
ALTER TABLE articles ADD CONSTRAINT articles_input_type_check CHECK (input_type IN ('url', 'text', 'image'));
-- What OCR read ({ text, confidence, lines }) for screenshot inputs; NULL otherwise.
ALTER TABLE articles ADD COLUMN ocr jsonb;

-- As `history`: the user's article runs, newest first; asking again moves the row to the top.
CREATE TABLE article_history (
  user_id    uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  article_id uuid NOT NULL REFERENCES articles ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, article_id)
);

CREATE INDEX article_history_user_created_idx ON article_history (user_id, created_at DESC, article_id DESC);

CREATE TABLE article_bookmarks (
  user_id    uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  article_id uuid NOT NULL REFERENCES articles ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, article_id)
);

CREATE INDEX article_bookmarks_user_created_idx ON article_bookmarks (user_id, created_at DESC, article_id DESC);
