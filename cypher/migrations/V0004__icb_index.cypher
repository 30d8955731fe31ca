// Practices and trusts are grouped by their Integrated Care Board (ODS high-level health geography).
CREATE INDEX organisation_icb IF NOT EXISTS FOR (o:Organisation) ON (o.icbCode);
