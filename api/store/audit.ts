import type { Db } from './db.ts';
import { prepared } from './prepared.ts';

export interface AuditEntry {
  at: string;
  key_id: string | null;
  method: string;
  path: string;
  status: number;
  subject: string | null;
}

const COLUMNS = ['at', 'key_id', 'method', 'path', 'status', 'subject'] as const;
// prepared: every successful write (each POST /runs) is audited
const insertAudit = prepared(
  'audit_insert',
  (db) => db.insertInto('audit_log').values({ at: '', key_id: null, method: '', path: '', status: 0, subject: null }),
  (e: AuditEntry) => COLUMNS.map((c) => e[c]),
);

export async function audit(db: Db, e: AuditEntry): Promise<void> {
  await insertAudit(db, e);
}

export const auditLog = (db: Db, limit = 100) => db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
