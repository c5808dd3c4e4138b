-- Every query of segments names a segment, a document or a dataset besides the tenant, so this index never
-- served one. It did hurt: on tables not yet analysed (a bulk load before autovacuum's analyse) the planner
-- took it for the join of a round's claim, scanning a tenant's segments once per item, and a claim of 2,000
-- items ran 15 s against 63 ms by the primary key, past the statement timeout, round after round.
DROP INDEX document_segments_tenant_idx;
