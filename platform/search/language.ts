// The one text-search configuration of ticket search: the search documents (built by the triggers of
// migration 2026-12-07-40) and every query over them must stem words alike, or nothing would match.
// Changing it means a new migration that redefines ticket_search_refresh and rebuilds the documents.
import { sql } from 'kysely';

/** PostgreSQL's text-search configuration for ticket texts. */
export const SEARCH_LANGUAGE = 'english';

/** The configuration as a SQL literal (`'english'::regconfig`): a literal, so indexes and plans see a constant. */
export const searchConfig = sql`${sql.lit(SEARCH_LANGUAGE)}::regconfig`;
