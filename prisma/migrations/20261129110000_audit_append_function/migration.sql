-- Appends rows to an org's audit chain in one statement: locks the org's chain head, links each
-- row (serverSeq, serverHash), inserts them and moves the head. Doing it inside Postgres keeps the
-- head lock for one statement plus the COMMIT, instead of several round trips to a busy Node
-- process (the lock serialises every writer of the org).
--
-- serverHash(n) = sha256(canonical JSON of {deviceId, hash, id, prev, receivedAt, seq}), keys in
-- sorted order, exactly as serverLinkHash() in @luminous/audit computes it: verification there
-- recomputes these hashes. Every value is a uuid, lowercase hex, an ISO timestamp or an integer,
-- and to_json() quotes it as JSON.stringify does.
CREATE OR REPLACE FUNCTION append_audit_events(
  p_org uuid,
  p_received timestamptz,
  p_id uuid[],
  p_ts timestamptz[],
  p_category text[],
  p_type text[],
  p_action text[],
  p_outcome text[],
  p_actorType text[],
  p_actorId text[],
  p_actorLabel text[],
  p_targetType text[],
  p_targetId text[],
  p_targetLabel text[],
  p_before jsonb[],
  p_after jsonb[],
  p_ip text[],
  p_userAgent text[],
  p_sessionId text[],
  p_requestId text[],
  p_deviceId uuid[],
  p_seq bigint[],
  p_subject text[],
  p_command text[],
  p_packages text[],
  p_services text[],
  p_data jsonb[],
  p_prevHash text[],
  p_hash text[]
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(cardinality(p_id), 0);
  head_seq bigint;
  prev text;
  recv text := to_char(p_received AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  server_seq bigint[] := ARRAY[]::bigint[];
  server_hash text[] := ARRAY[]::text[];
BEGIN
  IF n = 0 THEN
    RETURN NULL;
  END IF;
  INSERT INTO "AuditChainHead" AS h ("orgId", "serverSeq", "hash", "updatedAt")
    VALUES (p_org, 0, repeat('0', 64), now())
    ON CONFLICT ("orgId") DO UPDATE SET "updatedAt" = h."updatedAt"
    RETURNING h."serverSeq", h."hash" INTO head_seq, prev;
  FOR i IN 1..n LOOP
    head_seq := head_seq + 1;
    prev := encode(sha256(convert_to(
      '{"deviceId":' || coalesce(to_json(p_deviceId[i]::text)::text, 'null')
      || ',"hash":' || to_json(p_hash[i])::text
      || ',"id":' || to_json(p_id[i]::text)::text
      || ',"prev":' || to_json(prev)::text
      || ',"receivedAt":' || to_json(recv)::text
      || ',"seq":' || coalesce(p_seq[i]::text, 'null')
      || '}', 'UTF8')), 'hex');
    server_seq := server_seq || head_seq;
    server_hash := server_hash || prev;
  END LOOP;
  INSERT INTO "AuditEvent" ("id", "ts", "category", "type", "action", "outcome", "actorType", "actorId", "actorLabel", "targetType", "targetId", "targetLabel", "before", "after", "ip", "userAgent", "sessionId", "requestId", "deviceId", "seq", "subject", "command", "packages", "services", "data", "prevHash", "hash", "orgId", "receivedAt", "serverSeq", "serverHash")
    SELECT u.c0, u.c1, u.c2, u.c3, u.c4, u.c5, u.c6, u.c7, u.c8, u.c9, u.c10, u.c11, u.c12, u.c13, u.c14, u.c15, u.c16, u.c17, u.c18, u.c19, u.c20, u.c21, u.c22::text[], u.c23::text[], u.c24, u.c25, u.c26, p_org, p_received, u.sseq, u.shash
    FROM unnest(p_id, p_ts, p_category, p_type, p_action, p_outcome, p_actorType, p_actorId, p_actorLabel, p_targetType, p_targetId, p_targetLabel, p_before, p_after, p_ip, p_userAgent, p_sessionId, p_requestId, p_deviceId, p_seq, p_subject, p_command, p_packages, p_services, p_data, p_prevHash, p_hash, server_seq, server_hash) AS u(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25, c26, sseq, shash);
  UPDATE "AuditChainHead" SET "serverSeq" = head_seq, "hash" = prev, "updatedAt" = now() WHERE "orgId" = p_org;
  RETURN head_seq;
END $$;
