/**
 * The kinds sold through WeChat Pay, registered at the payment Lambdas' entry (http.ts, scheduled.ts):
 * payments never import the sellers' use cases, the sellers import payments' collaboration.
 */
import { membershipPaymentKind } from '../membership/collaboration';
import { rechargePaymentKind } from '../storedvalue/collaboration';
import { registerPaymentKind } from './collaboration';

let registered = false;

export function registerKinds(): void {
  if (registered) return;
  registered = true;
  registerPaymentKind('recharge', rechargePaymentKind);
  registerPaymentKind('membership', membershipPaymentKind);
}
