import type { Db } from './db.ts';

export interface AuditEntry {
  at: string;
  key_id: string | null;
  method: string;
  path: string;
  status: number;
  subject: string | null;
}

export async function audit(db: Db, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(e).execute();
}

export const auditLog = (db: Db, limit = 100) => db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
