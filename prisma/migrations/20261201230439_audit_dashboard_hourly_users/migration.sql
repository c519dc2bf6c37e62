-- Active users at the ends of a period: the minutes-to-a-day left around its whole days were read
-- from the events (about 140 ms for a day of a 5 M trail, most of a 30-day dashboard's time); an
-- hourly table of active users leaves only the minutes at either end to the events.

CREATE TABLE "AuditRollupUserHour" (
  "orgId" UUID NOT NULL,
  "hour" TIMESTAMPTZ(3) NOT NULL,
  "lane" SMALLINT NOT NULL,
  "subject" TEXT NOT NULL,
  CONSTRAINT "AuditRollupUserHour_pkey" PRIMARY KEY ("orgId", "hour", "lane", "subject")
);

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
  INSERT INTO "AuditRollupUserHour" ("orgId", "hour", "lane", "subject")
    SELECT DISTINCT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "subject"
    FROM new_rows WHERE "category" = 'agent' AND "subject" IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

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
  DELETE FROM "AuditRollupUserHour" u
    USING (SELECT DISTINCT "orgId", date_trunc('hour', "ts", 'UTC') AS hour, "lane", "subject"
           FROM old_rows WHERE "category" = 'agent' AND "subject" IS NOT NULL) o
    WHERE u."orgId" = o."orgId" AND u."hour" = o.hour AND u."lane" = o."lane" AND u."subject" = o."subject"
      AND NOT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."orgId" = o."orgId" AND e."ts" >= o.hour
        AND e."ts" < o.hour + interval '1 hour' AND e."lane" = o."lane" AND e."category" = 'agent' AND e."subject" = o."subject");
  RETURN NULL;
END $$;

-- The hours so far.
INSERT INTO "AuditRollupUserHour" ("orgId", "hour", "lane", "subject")
  SELECT DISTINCT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "subject"
  FROM "AuditEvent" WHERE "category" = 'agent' AND "subject" IS NOT NULL;
