import type { PrismaClient } from "@luminous/db";
import { say } from "./common";

/**
 * Generates `rows` audit events for one org, spread over the last `spanDays` days (360), with the browser's
 * indexes dropped and rebuilt after (as a restore would), then VACUUM ANALYZE; returns the audit
 * table's size. 90 % workstation events from `devices` devices and 500 users, 10 % console events,
 * realistic types, outcomes, packages, services, commands, and execution durations (200 ms to
 * 15 s) on execution_completed events. `rollups: false` disables the dashboard's rollup trigger
 * while inserting (for benchmarks that do not read the rollups). Shared by the browse, dashboard
 * and compliance benchmarks.
 */
export async function generateEvents(
  prisma: PrismaClient,
  orgId: string,
  {
    rows: ROWS,
    devices: DEVICES,
    spanDays = 360,
    rollups = true,
  }: { rows: number; devices: number; spanDays?: number; rollups?: boolean },
): Promise<string | undefined> {
  if (!rollups) await prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_rollup_insert"`);
  const idx = await prisma.$queryRaw<{ indexname: string; indexdef: string }[]>`
    SELECT indexname::text, indexdef FROM pg_indexes WHERE tablename = 'AuditEvent' AND indexname <> 'AuditEvent_pkey'`;
  for (const i of idx) await prisma.$executeRawUnsafe(`DROP INDEX "${i.indexname}"`);
  const t0 = Date.now();
  const CHUNK = 1_000_000;
  for (let start = 0; start < ROWS; start += CHUNK) {
    const n = Math.min(CHUNK, ROWS - start);
    await prisma.$executeRawUnsafe(`
      WITH g AS (
        SELECT s, (s % 10 = 0) AS admin, (s * 7919) % ${DEVICES} AS dev, (s * 104729) % 500 AS usr,
               (ARRAY['docker','nginx','postgresql','firefox','vim','nodejs','python3','git','htop','curl','redis','kubernetes','terraform','emacs','chromium'])[1 + (s * 31) % 15] AS pkg,
               (ARRAY['command_received','command_parsed','plan_generated','user_confirmation','execution_started','execution_completed','errors_encountered','rollback_performed','policy_decision'])[1 + (s * 13) % 9] AS typ
        FROM generate_series(${start + 1}::bigint, ${start + n}::bigint) s
      )
      INSERT INTO "AuditEvent" ("id","ts","orgId","receivedAt","category","type","action","outcome","actorType","actorId","actorLabel",
        "deviceId","seq","subject","command","packages","services","data","prevHash","hash","serverSeq","serverHash")
      SELECT gen_random_uuid(),
        now() - ((${ROWS} - s)::float / ${ROWS} * interval '${spanDays} days'),
        '${orgId}'::uuid,
        now() - ((${ROWS} - s)::float / ${ROWS} * interval '${spanDays} days'),
        CASE WHEN admin THEN 'admin' ELSE 'agent' END,
        CASE WHEN admin THEN 'admin.' || (ARRAY['user.create','policy.publish','device.revoke','auth.signin','group.member.add'])[1 + s % 5] ELSE typ END,
        CASE WHEN admin THEN (ARRAY['user.create','policy.publish','device.revoke','auth.signin','group.member.add'])[1 + s % 5]
             ELSE (ARRAY['install_package','remove_package','enable_service','system_upgrade','modify_firewall'])[1 + (s * 17) % 5] END,
        CASE WHEN admin THEN (ARRAY['success','success','success','denied','failure'])[1 + s % 5]
             WHEN typ = 'policy_decision' THEN (ARRAY['allow','allow','allow','allow','deny','require_approval','require_mfa'])[1 + s % 7]
             WHEN typ IN ('errors_encountered','rollback_performed') THEN 'failure'
             ELSE (ARRAY['success','success','success','success','success','success','success','success','success','failure'])[1 + s % 10] END,
        CASE WHEN admin THEN 'user' ELSE 'device' END,
        CASE WHEN admin THEN 'admin-' || (s % 20) ELSE NULL END,
        CASE WHEN admin THEN 'admin' || (s % 20) || '@example.com' ELSE 'ws-' || dev END,
        CASE WHEN admin THEN NULL ELSE ('00000000-0000-4000-8000-' || lpad(to_hex(dev), 12, '0'))::uuid END,
        CASE WHEN admin THEN NULL ELSE s END,
        CASE WHEN admin THEN NULL ELSE 'user' || usr END,
        CASE WHEN admin THEN NULL ELSE 'ask-nix ' || (ARRAY['install','please install','add','remove','enable the service','upgrade and then install'])[1 + s % 6] || ' ' || pkg || ' ' || md5(s::text) END,
        CASE WHEN admin THEN '{}'::text[] ELSE ARRAY[pkg] END,
        CASE WHEN admin OR s % 3 <> 0 THEN '{}'::text[] ELSE ARRAY[pkg] END,
        CASE WHEN admin THEN NULL ELSE jsonb_build_object('event', jsonb_build_object('ts', now()::text, 'user', 'user' || usr,
             'intent', jsonb_build_object('action', 'install_package', 'packages', jsonb_build_array(pkg)))
             || CASE WHEN typ = 'execution_completed' THEN jsonb_build_object('execution', jsonb_build_object(
                  'success', s % 10 <> 9, 'duration_ms', 200 + (s * 7) % 14800)) ELSE '{}'::jsonb END) END,
        md5('p' || s) || md5('q' || s), md5('h' || s) || md5('i' || s), s, md5('s' || s) || md5('t' || s)
      FROM g`);
    say(`  ${start + n} rows (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  if (!rollups) await prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_rollup_insert"`);
  const t1 = Date.now();
  await prisma.$executeRawUnsafe("SET maintenance_work_mem = '512MB'");
  // pg_indexes shows a partitioned index as "ON ONLY": build it on every partition.
  for (const i of idx) await prisma.$executeRawUnsafe(i.indexdef.replace(" ON ONLY ", " ON "));
  await prisma.$executeRawUnsafe('VACUUM ANALYZE "AuditEvent"');
  // The rollups the triggers filled, as autovacuum would leave them on a live system (statistics,
  // visibility map for index-only scans); left unanalysed, the planner takes them for empty.
  if (rollups)
    for (const t of ["Hour", "Day", "Duration", "DurationDay", "User", "UserHour"])
      await prisma.$executeRawUnsafe(`VACUUM ANALYZE "AuditRollup${t}"`);
  say(
    `generated ${ROWS} rows in ${Math.round((t1 - t0) / 1000)} s, indexes + analyze ${Math.round((Date.now() - t1) / 1000)} s`,
  );
  const size = await prisma.$queryRaw<
    { s: string }[]
  >`SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS s FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'AuditEvent'`;
  say(`audit table incl. indexes: ${size[0]?.s}`);
  return size[0]?.s;
}
