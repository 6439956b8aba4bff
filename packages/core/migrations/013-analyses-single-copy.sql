-- analyses kept the run's model_info and stages twice: in columns of their own and inside
-- result, the response as returned. result is the one copy from now on; a row whose result lacks
-- either takes it from its column first (result's own keys win), so nothing is lost.
--
-- The columns stay one release longer, nullable and emptied: servers of the previous release
-- still write them during a rolling upgrade (docs/upgrades.md, expand → roll → contract). The
-- next release drops them.
ALTER TABLE analyses ALTER COLUMN model_info DROP NOT NULL, ALTER COLUMN stages DROP NOT NULL;

UPDATE analyses
   SET result = CASE WHEN jsonb_typeof(result) = 'object'
                     THEN jsonb_build_object('model_info', model_info, 'stages', stages) || result
                     ELSE result END,
       model_info = NULL,
       stages = NULL
 WHERE model_info IS NOT NULL OR stages IS NOT NULL;
