-- Version 2: a draft (of a note or of a form) belongs to the session
-- typing into it (see store::session), from when it took it. NULL:
-- nobody's (kept for later, or written by version 1).
ALTER TABLE drafts ADD COLUMN owner TEXT;
ALTER TABLE drafts ADD COLUMN owned_since TEXT;
ALTER TABLE form_drafts ADD COLUMN owner TEXT;
ALTER TABLE form_drafts ADD COLUMN owned_since TEXT;
