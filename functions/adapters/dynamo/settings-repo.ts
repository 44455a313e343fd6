/**
 * A capability's settings as one revisioned item (repurchase reminders, referrals, check-in…): read with the
 * defaults under what was saved, saved at the revision read, with its audit entry, in one transaction
 * (`revision_moved` when someone saved in between).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { writeAudit } from './account-repo';
import { db } from './client';
import { Tx } from './tx';
import { commit, type Written } from './unit';

type Key = { PK: string; SK: string };

export interface SettingsAudit {
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

export async function readSettings<S extends object>(key: Key, defaults: S): Promise<{ settings: S; rev: number }> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  if (!res.Item) return { settings: defaults, rev: 0 };
  return { settings: { ...defaults, ...(res.Item.settings as Partial<S>) }, rev: Number(res.Item.rev ?? 0) };
}

export async function saveSettings<S extends object>(key: Key, settings: S, rev: number, audit: SettingsAudit): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  tx.put(
    'settings',
    { ...key, settings, rev: rev + 1, updatedAt: audit.at, updatedBy: audit.actor },
    rev === 0 ? { expr: 'attribute_not_exists(PK) OR rev = :rev', values: { ':rev': 0 } } : { expr: 'rev = :rev', values: { ':rev': rev } },
  );
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}
