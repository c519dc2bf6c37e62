-- Rollups of the audit trail for the operator dashboard. Counting, percentiles and distinct users
-- over millions of events cannot stay under 200 ms by scanning AuditEvent, so statement triggers
-- on the audit table keep these small tables in step with every write (ingestion's COPY, console
-- events, imports, retention's DELETE) in the same transaction. Rows are keyed by chain lane as
-- well, so concurrent batches of different lanes never wait on one another's rollup rows (writers
-- of one lane are already serialised by its head lock).

-- Events per hour by category, type and outcome.
CREATE TABLE "AuditRollupHour" (
  "orgId" UUID NOT NULL,
  "hour" TIMESTAMPTZ(3) NOT NULL,
  "lane" SMALLINT NOT NULL,
  "category" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "outcome" TEXT NOT NULL,
  "n" BIGINT NOT NULL,
  CONSTRAINT "AuditRollupHour_pkey" PRIMARY KEY ("orgId", "hour", "lane", "category", "type", "outcome")
);

-- Durations carried by events (execution.duration_ms) per hour and event type, counted per bucket:
-- the duration rounded down to two significant digits (1234 ms -> 1200 ms), so percentiles are
-- exact to two digits whatever the number of events.
CREATE TABLE "AuditRollupDuration" (
  "orgId" UUID NOT NULL,
  "hour" TIMESTAMPTZ(3) NOT NULL,
  "lane" SMALLINT NOT NULL,
  "type" TEXT NOT NULL,
  "bucketMs" BIGINT NOT NULL,
  "n" BIGINT NOT NULL,
  CONSTRAINT "AuditRollupDuration_pkey" PRIMARY KEY ("orgId", "hour", "lane", "type", "bucketMs")
);

-- Which workstation users (agent events' subject) were active on each UTC day.
CREATE TABLE "AuditRollupUser" (
  "orgId" UUID NOT NULL,
  "day" TIMESTAMPTZ(3) NOT NULL,
  "lane" SMALLINT NOT NULL,
  "subject" TEXT NOT NULL,
  CONSTRAINT "AuditRollupUser_pkey" PRIMARY KEY ("orgId", "day", "lane", "subject")
);

CREATE OR REPLACE FUNCTION audit_duration_bucket(ms BIGINT) RETURNS BIGINT
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN ms < 100 THEN ms ELSE ms - ms % (10 ^ (length(ms::text) - 2))::bigint END
$$;

-- The duration an event carries (null when none, or not a whole number of milliseconds).
CREATE OR REPLACE FUNCTION audit_event_duration_ms(data JSONB) RETURNS BIGINT
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(data -> 'event' -> 'execution' -> 'duration_ms') = 'number'
    AND (data -> 'event' -> 'execution' ->> 'duration_ms') ~ '^[0-9]{1,15}$'
    THEN (data -> 'event' -> 'execution' ->> 'duration_ms')::bigint END
$$;

CREATE OR REPLACE FUNCTION audit_rollup_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "AuditRollupHour" AS r ("orgId", "hour", "lane", "category", "type", "outcome", "n")
    SELECT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "category", "type", "outcome", count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("orgId", "hour", "lane", "category", "type", "outcome") DO UPDATE SET "n" = r."n" + EXCLUDED."n";
  INSERT INTO "AuditRollupDuration" AS r ("orgId", "hour", "lane", "type", "bucketMs", "n")
    SELECT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "type", audit_duration_bucket(d), count(*)
    FROM (SELECT *, audit_event_duration_ms("data") AS d FROM new_rows WHERE "category" = 'agent') x
    WHERE d IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ("orgId", "hour", "lane", "type", "bucketMs") DO UPDATE SET "n" = r."n" + EXCLUDED."n";
  INSERT INTO "AuditRollupUser" ("orgId", "day", "lane", "subject")
    SELECT DISTINCT "orgId", date_trunc('day', "ts", 'UTC'), "lane", "subject"
    FROM new_rows WHERE "category" = 'agent' AND "subject" IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION audit_rollup_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "AuditRollupHour" r SET "n" = r."n" - o.n
    FROM (SELECT "orgId", date_trunc('hour', "ts", 'UTC') AS hour, "lane", "category", "type", "outcome", count(*) AS n
          FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6) o
    WHERE r."orgId" = o."orgId" AND r."hour" = o.hour AND r."lane" = o."lane" AND r."category" = o."category"
      AND r."type" = o."type" AND r."outcome" = o."outcome";
  DELETE FROM "AuditRollupHour" WHERE "n" <= 0;
  UPDATE "AuditRollupDuration" r SET "n" = r."n" - o.n
    FROM (SELECT "orgId", date_trunc('hour', "ts", 'UTC') AS hour, "lane", "type", audit_duration_bucket(d) AS b, count(*) AS n
          FROM (SELECT *, audit_event_duration_ms("data") AS d FROM old_rows WHERE "category" = 'agent') x
          WHERE d IS NOT NULL GROUP BY 1, 2, 3, 4, 5) o
    WHERE r."orgId" = o."orgId" AND r."hour" = o.hour AND r."lane" = o."lane" AND r."type" = o."type" AND r."bucketMs" = o.b;
  DELETE FROM "AuditRollupDuration" WHERE "n" <= 0;
  -- a user stays active on a day while any of their events of that day remains in the lane
  DELETE FROM "AuditRollupUser" u
    USING (SELECT DISTINCT "orgId", date_trunc('day', "ts", 'UTC') AS day, "lane", "subject"
           FROM old_rows WHERE "category" = 'agent' AND "subject" IS NOT NULL) o
    WHERE u."orgId" = o."orgId" AND u."day" = o.day AND u."lane" = o."lane" AND u."subject" = o."subject"
      AND NOT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."orgId" = o."orgId" AND e."ts" >= o.day
        AND e."ts" < o.day + interval '1 day' AND e."lane" = o."lane" AND e."category" = 'agent' AND e."subject" = o."subject");
  RETURN NULL;
END $$;

CREATE TRIGGER "AuditEvent_rollup_insert" AFTER INSERT ON "AuditEvent"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_rollup_insert();
CREATE TRIGGER "AuditEvent_rollup_delete" AFTER DELETE ON "AuditEvent"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_rollup_delete();

-- The events stored so far.
INSERT INTO "AuditRollupHour" ("orgId", "hour", "lane", "category", "type", "outcome", "n")
  SELECT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "category", "type", "outcome", count(*)
  FROM "AuditEvent" GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO "AuditRollupDuration" ("orgId", "hour", "lane", "type", "bucketMs", "n")
  SELECT "orgId", date_trunc('hour', "ts", 'UTC'), "lane", "type", audit_duration_bucket(d), count(*)
  FROM (SELECT *, audit_event_duration_ms("data") AS d FROM "AuditEvent" WHERE "category" = 'agent') x
  WHERE d IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
INSERT INTO "AuditRollupUser" ("orgId", "day", "lane", "subject")
  SELECT DISTINCT "orgId", date_trunc('day', "ts", 'UTC'), "lane", "subject"
  FROM "AuditEvent" WHERE "category" = 'agent' AND "subject" IS NOT NULL;
