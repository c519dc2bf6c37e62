-- Daily rollups beside the hourly ones: a 30-day dashboard period read ~115,000 hourly rows per
-- figure at 5 M events (hours x lanes x type/outcome); whole days now come from these tables and
-- only the hours at the period's ends from the hourly ones. An index by type serves the hourly
-- chart, which reads two event types over the whole period.

CREATE TABLE "AuditRollupDay" (
  "orgId" UUID NOT NULL,
  "day" TIMESTAMPTZ(3) NOT NULL,
  "lane" SMALLINT NOT NULL,
  "category" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "outcome" TEXT NOT NULL,
  "n" BIGINT NOT NULL,
  CONSTRAINT "AuditRollupDay_pkey" PRIMARY KEY ("orgId", "day", "lane", "category", "type", "outcome")
);

CREATE TABLE "AuditRollupDurationDay" (
  "orgId" UUID NOT NULL,
  "day" TIMESTAMPTZ(3) NOT NULL,
  "lane" SMALLINT NOT NULL,
  "type" TEXT NOT NULL,
  "bucketMs" BIGINT NOT NULL,
  "n" BIGINT NOT NULL,
  CONSTRAINT "AuditRollupDurationDay_pkey" PRIMARY KEY ("orgId", "day", "lane", "type", "bucketMs")
);

CREATE INDEX "AuditRollupHour_orgId_type_hour_idx" ON "AuditRollupHour" ("orgId", "type", "hour") INCLUDE ("category", "outcome", "n");

CREATE OR REPLACE FUNCTION audit_rollup_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "AuditRollupHour" AS r ("orgId", "hour", "lane", "category", "type", "outcome", "n")
    SELECT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "category", "type", "outcome", count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("orgId", "hour", "lane", "category", "type", "outcome") DO UPDATE SET "n" = r."n" + EXCLUDED."n";
  INSERT INTO "AuditRollupDay" AS r ("orgId", "day", "lane", "category", "type", "outcome", "n")
    SELECT "orgId", date_trunc('day', "ts", 'UTC'), "lane", "category", "type", "outcome", count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("orgId", "day", "lane", "category", "type", "outcome") DO UPDATE SET "n" = r."n" + EXCLUDED."n";
  INSERT INTO "AuditRollupDuration" AS r ("orgId", "hour", "lane", "type", "bucketMs", "n")
    SELECT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "type", audit_duration_bucket(d), count(*)
    FROM (SELECT *, audit_event_duration_ms("data") AS d FROM new_rows WHERE "category" = 'agent') x
    WHERE d IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ("orgId", "hour", "lane", "type", "bucketMs") DO UPDATE SET "n" = r."n" + EXCLUDED."n";
  INSERT INTO "AuditRollupDurationDay" AS r ("orgId", "day", "lane", "type", "bucketMs", "n")
    SELECT "orgId", date_trunc('day', "ts", 'UTC'), "lane", "type", audit_duration_bucket(d), count(*)
    FROM (SELECT *, audit_event_duration_ms("data") AS d FROM new_rows WHERE "category" = 'agent') x
    WHERE d IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ("orgId", "day", "lane", "type", "bucketMs") DO UPDATE SET "n" = r."n" + EXCLUDED."n";
  INSERT INTO "AuditRollupUser" ("orgId", "day", "lane", "subject")
    SELECT DISTINCT "orgId", date_trunc('day', "ts", 'UTC'), "lane", "subject"
    FROM new_rows WHERE "category" = 'agent' AND "subject" IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- Retention's DELETE: the deleted rows come off the counts, and a count that reaches zero goes,
-- found by its key (rather than by scanning a whole rollup table for zeros on every delete).
CREATE OR REPLACE FUNCTION audit_rollup_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS audit_rollup_gone (
    "orgId" UUID, t TIMESTAMPTZ, "lane" SMALLINT, "category" TEXT, "type" TEXT, "outcome" TEXT, b BIGINT, n BIGINT
  ) ON COMMIT DROP;

  -- hourly and daily counts
  DELETE FROM audit_rollup_gone;
  INSERT INTO audit_rollup_gone ("orgId", t, "lane", "category", "type", "outcome", n)
    SELECT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "category", "type", "outcome", count(*) FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6;
  UPDATE "AuditRollupHour" r SET "n" = r."n" - o.n FROM audit_rollup_gone o
    WHERE r."orgId" = o."orgId" AND r."hour" = o.t AND r."lane" = o."lane" AND r."category" = o."category"
      AND r."type" = o."type" AND r."outcome" = o."outcome";
  DELETE FROM "AuditRollupHour" r USING audit_rollup_gone o
    WHERE r."orgId" = o."orgId" AND r."hour" = o.t AND r."lane" = o."lane" AND r."category" = o."category"
      AND r."type" = o."type" AND r."outcome" = o."outcome" AND r."n" <= 0;
  DELETE FROM audit_rollup_gone;
  INSERT INTO audit_rollup_gone ("orgId", t, "lane", "category", "type", "outcome", n)
    SELECT "orgId", date_trunc('day', "ts", 'UTC'), "lane", "category", "type", "outcome", count(*) FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6;
  UPDATE "AuditRollupDay" r SET "n" = r."n" - o.n FROM audit_rollup_gone o
    WHERE r."orgId" = o."orgId" AND r."day" = o.t AND r."lane" = o."lane" AND r."category" = o."category"
      AND r."type" = o."type" AND r."outcome" = o."outcome";
  DELETE FROM "AuditRollupDay" r USING audit_rollup_gone o
    WHERE r."orgId" = o."orgId" AND r."day" = o.t AND r."lane" = o."lane" AND r."category" = o."category"
      AND r."type" = o."type" AND r."outcome" = o."outcome" AND r."n" <= 0;

  -- hourly and daily duration buckets
  DELETE FROM audit_rollup_gone;
  INSERT INTO audit_rollup_gone ("orgId", t, "lane", "type", b, n)
    SELECT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "type", audit_duration_bucket(d), count(*)
    FROM (SELECT *, audit_event_duration_ms("data") AS d FROM old_rows WHERE "category" = 'agent') x
    WHERE d IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
  UPDATE "AuditRollupDuration" r SET "n" = r."n" - o.n FROM audit_rollup_gone o
    WHERE r."orgId" = o."orgId" AND r."hour" = o.t AND r."lane" = o."lane" AND r."type" = o."type" AND r."bucketMs" = o.b;
  DELETE FROM "AuditRollupDuration" r USING audit_rollup_gone o
    WHERE r."orgId" = o."orgId" AND r."hour" = o.t AND r."lane" = o."lane" AND r."type" = o."type" AND r."bucketMs" = o.b
      AND r."n" <= 0;
  DELETE FROM audit_rollup_gone;
  INSERT INTO audit_rollup_gone ("orgId", t, "lane", "type", b, n)
    SELECT "orgId", date_trunc('day', "ts", 'UTC'), "lane", "type", audit_duration_bucket(d), count(*)
    FROM (SELECT *, audit_event_duration_ms("data") AS d FROM old_rows WHERE "category" = 'agent') x
    WHERE d IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
  UPDATE "AuditRollupDurationDay" r SET "n" = r."n" - o.n FROM audit_rollup_gone o
    WHERE r."orgId" = o."orgId" AND r."day" = o.t AND r."lane" = o."lane" AND r."type" = o."type" AND r."bucketMs" = o.b;
  DELETE FROM "AuditRollupDurationDay" r USING audit_rollup_gone o
    WHERE r."orgId" = o."orgId" AND r."day" = o.t AND r."lane" = o."lane" AND r."type" = o."type" AND r."bucketMs" = o.b
      AND r."n" <= 0;
  DELETE FROM audit_rollup_gone;

  -- a user stays active on a day while any of their events of that day remains in the lane
  DELETE FROM "AuditRollupUser" u
    USING (SELECT DISTINCT "orgId", date_trunc('day', "ts", 'UTC') AS day, "lane", "subject"
           FROM old_rows WHERE "category" = 'agent' AND "subject" IS NOT NULL) o
    WHERE u."orgId" = o."orgId" AND u."day" = o.day AND u."lane" = o."lane" AND u."subject" = o."subject"
      AND NOT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."orgId" = o."orgId" AND e."ts" >= o.day
        AND e."ts" < o.day + interval '1 day' AND e."lane" = o."lane" AND e."category" = 'agent' AND e."subject" = o."subject");
  RETURN NULL;
END $$;

-- The days so far, from the hourly rollups.
INSERT INTO "AuditRollupDay" ("orgId", "day", "lane", "category", "type", "outcome", "n")
  SELECT "orgId", date_trunc('day', "hour", 'UTC'), "lane", "category", "type", "outcome", sum("n")
  FROM "AuditRollupHour" GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO "AuditRollupDurationDay" ("orgId", "day", "lane", "type", "bucketMs", "n")
  SELECT "orgId", date_trunc('day', "hour", 'UTC'), "lane", "type", "bucketMs", sum("n")
  FROM "AuditRollupDuration" GROUP BY 1, 2, 3, 4, 5;
