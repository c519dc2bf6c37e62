-- Server chain lanes. One chain per org serialised every batch of the org through one head-row
-- lock held until COMMIT, so only one transaction at a time could insert an org's events. Each
-- org now has a few lanes (a device always links into the same lane; console events into lane 0):
-- batches from devices in different lanes insert in parallel, while every lane stays one linear
-- chain with its own serverSeq, its own head and its own signed checkpoints. Existing rows,
-- heads and checkpoints become lane 0, so chains already stored verify unchanged.

ALTER TABLE "AuditEvent" ADD COLUMN "lane" SMALLINT NOT NULL DEFAULT 0;
DROP INDEX "AuditEvent_orgId_serverSeq_idx";
CREATE INDEX "AuditEvent_orgId_lane_serverSeq_idx" ON "AuditEvent" ("orgId", "lane", "serverSeq");

ALTER TABLE "AuditChainHead" ADD COLUMN "lane" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "AuditChainHead" DROP CONSTRAINT "AuditChainHead_pkey";
ALTER TABLE "AuditChainHead" ADD CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("orgId", "lane");

ALTER TABLE "ChainCheckpoint" ADD COLUMN "lane" SMALLINT NOT NULL DEFAULT 0;
DROP INDEX "ChainCheckpoint_orgId_serverSeq_idx";
CREATE INDEX "ChainCheckpoint_orgId_lane_serverSeq_idx" ON "ChainCheckpoint" ("orgId", "lane", "serverSeq");

DROP FUNCTION append_audit_events(uuid, timestamptz, uuid[], timestamptz[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], jsonb[], jsonb[], text[], text[], text[], text[], uuid[], bigint[], text[], text[], text[], text[], jsonb[], text[], text[]);

-- Appends rows to one lane of an org's audit chain in one statement: locks the lane's head, links
-- each row (serverSeq, serverHash), inserts them and moves the head. The rows arrive as one JSON
-- array of objects (keys = column names, plus "n" = 1, 2, 3... their order in the batch), which
-- costs the caller one JSON.stringify instead of serialising 27 Postgres arrays value by value.
--
-- serverHash(n) = sha256(canonical JSON of {deviceId, hash, id, prev, receivedAt, seq}), keys in
-- sorted order, exactly as serverLinkHash() in @luminous/audit computes it: verification there
-- recomputes these hashes. The lane is not part of the link (each lane has its own head). Every
-- value is a uuid, lowercase hex, an ISO timestamp or an integer, so quoting it is JSON's quoting.
CREATE FUNCTION append_audit_events(p_org uuid, p_lane smallint, p_received timestamptz, p_rows json)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  ids text[];
  devs text[];
  seqs bigint[];
  hashes text[];
  n int;
  first_seq bigint;
  prev text;
  recv text := '"' || to_char(p_received AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"';
  server_hash text[];
BEGIN
  SELECT array_agg(x."id"::text ORDER BY x.n), array_agg(x."deviceId"::text ORDER BY x.n),
         array_agg(x."seq" ORDER BY x.n), array_agg(x."hash" ORDER BY x.n)
    INTO ids, devs, seqs, hashes
    FROM json_to_recordset(p_rows) AS x(n int, "id" uuid, "deviceId" uuid, "seq" bigint, "hash" text);
  n := coalesce(cardinality(ids), 0);
  IF n = 0 THEN
    RETURN NULL;
  END IF;
  INSERT INTO "AuditChainHead" AS h ("orgId", "lane", "serverSeq", "hash", "updatedAt")
    VALUES (p_org, p_lane, 0, repeat('0', 64), now())
    ON CONFLICT ("orgId", "lane") DO UPDATE SET "updatedAt" = h."updatedAt"
    RETURNING h."serverSeq", h."hash" INTO first_seq, prev;
  server_hash := array_fill(NULL::text, ARRAY[n]);
  FOR i IN 1..n LOOP
    prev := encode(sha256(convert_to(
      '{"deviceId":' || coalesce('"' || devs[i] || '"', 'null')
      || ',"hash":"' || hashes[i]
      || '","id":"' || ids[i]
      || '","prev":"' || prev
      || '","receivedAt":' || recv
      || ',"seq":' || coalesce(seqs[i]::text, 'null')
      || '}', 'UTF8')), 'hex');
    server_hash[i] := prev;
  END LOOP;
  INSERT INTO "AuditEvent" ("id", "ts", "category", "type", "action", "outcome", "actorType", "actorId", "actorLabel", "targetType", "targetId", "targetLabel", "before", "after", "ip", "userAgent", "sessionId", "requestId", "deviceId", "seq", "subject", "command", "packages", "services", "data", "prevHash", "hash", "orgId", "receivedAt", "lane", "serverSeq", "serverHash")
    SELECT x."id", x."ts", x."category", x."type", x."action", x."outcome", x."actorType", x."actorId", x."actorLabel", x."targetType", x."targetId", x."targetLabel", x."before", x."after", x."ip", x."userAgent", x."sessionId", x."requestId", x."deviceId", x."seq", x."subject", x."command", x."packages", x."services", x."data", x."prevHash", x."hash", p_org, p_received, p_lane, first_seq + x.n, server_hash[x.n]
    FROM json_to_recordset(p_rows) AS x(n int, "id" uuid, "ts" timestamptz, "category" text, "type" text, "action" text, "outcome" text, "actorType" text, "actorId" text, "actorLabel" text, "targetType" text, "targetId" text, "targetLabel" text, "before" jsonb, "after" jsonb, "ip" text, "userAgent" text, "sessionId" text, "requestId" text, "deviceId" uuid, "seq" bigint, "subject" text, "command" text, "packages" text[], "services" text[], "data" jsonb, "prevHash" text, "hash" text);
  UPDATE "AuditChainHead" SET "serverSeq" = first_seq + n, "hash" = prev, "updatedAt" = now()
    WHERE "orgId" = p_org AND "lane" = p_lane;
  RETURN first_seq + n;
END $$;
