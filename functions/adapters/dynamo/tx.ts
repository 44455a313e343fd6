import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { cancellationItem, cancellationReasons, isRetryableConflict } from './errors';

type Item = Record<string, unknown>;
type Values = Record<string, unknown>;

interface Entry {
  label: string;
  op: Record<string, unknown>;
}

export type TxOutcome =
  | { ok: true }
  /** `failed` names the items whose condition failed; `item(label)` is the old item when asked for. */
  | { ok: false; failed: string[]; conflict: boolean; item: (label: string) => Item | null };

/**
 * A TransactWriteItems call whose items carry labels, so a cancellation says which condition
 * failed by name rather than by position.
 */
export class Tx {
  private readonly entries: Entry[] = [];
  readonly table = db().table;

  get size() {
    return this.entries.length;
  }

  put(label: string, item: Item, condition?: { expr: string; values?: Values; names?: Record<string, string>; returnOld?: boolean }) {
    this.entries.push({
      label,
      op: {
        Put: {
          TableName: this.table,
          Item: item,
          ...(condition ? { ConditionExpression: condition.expr } : {}),
          ...(condition?.values ? { ExpressionAttributeValues: condition.values } : {}),
          ...(condition?.names ? { ExpressionAttributeNames: condition.names } : {}),
          ...(condition?.returnOld ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
        },
      },
    });
    return this;
  }

  /** Put only if absent. */
  create(label: string, item: Item, returnOld = false) {
    return this.put(label, item, { expr: 'attribute_not_exists(PK)', returnOld });
  }

  update(label: string, key: Item, u: { set: string; condition?: string; values?: Values; names?: Record<string, string>; returnOld?: boolean }) {
    this.entries.push({
      label,
      op: {
        Update: {
          TableName: this.table,
          Key: key,
          UpdateExpression: u.set,
          ...(u.condition ? { ConditionExpression: u.condition } : {}),
          ...(u.values && Object.keys(u.values).length ? { ExpressionAttributeValues: u.values } : {}),
          ...(u.names ? { ExpressionAttributeNames: u.names } : {}),
          ...(u.returnOld ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
        },
      },
    });
    return this;
  }

  delete(label: string, key: Item, condition?: string, values?: Values, names?: Record<string, string>) {
    this.entries.push({
      label,
      op: {
        Delete: {
          TableName: this.table,
          Key: key,
          ...(condition ? { ConditionExpression: condition } : {}),
          ...(values ? { ExpressionAttributeValues: values } : {}),
          ...(names ? { ExpressionAttributeNames: names } : {}),
        },
      },
    });
    return this;
  }

  check(label: string, key: Item, condition: string, values?: Values) {
    this.entries.push({ label, op: { ConditionCheck: { TableName: this.table, Key: key, ConditionExpression: condition, ...(values ? { ExpressionAttributeValues: values } : {}) } } });
    return this;
  }

  async send(): Promise<TxOutcome> {
    if (this.entries.length > 100) throw new Error(`transaction too large: ${this.entries.length} items`);
    try {
      await db().client.send(new TransactWriteCommand({ TransactItems: this.entries.map((e) => e.op) as never }));
      return { ok: true };
    } catch (e) {
      const reasons = cancellationReasons(e);
      if (!reasons) {
        if (isRetryableConflict(e)) return { ok: false, failed: [], conflict: true, item: () => null };
        throw e;
      }
      const failed = reasons.flatMap((r, i) => (r === 'ConditionalCheckFailed' ? [this.entries[i]!.label] : []));
      return {
        ok: false,
        failed,
        conflict: failed.length === 0,
        item: (label) => {
          const i = this.entries.findIndex((x) => x.label === label);
          return i < 0 ? null : cancellationItem(e, i);
        },
      };
    }
  }
}

/**
 * A part of a transaction decided by one capability and sent inside another's unit of work (issue 17:
 * crediting a paid order writes the order's state and what the order bought, e.g. a balance credit or
 * a membership term, in one transaction). Built only by repositories; use cases pass them along unopened.
 */
export interface TxPart {
  apply(tx: Tx): void;
}
