/** The shapes the WeChat Pay boundary answers (issue 17); re-exported by index.ts. */

export interface JsapiOrder {
  outTradeNo: string;
  description: string;
  amountFen: number;
  payerOpenid: string;
  /** ISO instant; sent as RFC 3339 with +08:00. */
  timeExpire: string;
  attach?: string;
}

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

/** A payment as WeChat reports it (query answer or decrypted TRANSACTION.SUCCESS resource). */
export interface PaymentFacts {
  appid: string;
  mchid: string;
  outTradeNo: string;
  transactionId: string | null;
  tradeState: TradeState;
  /** amount.total in fen. */
  totalFen: number;
  payerOpenid: string | null;
  successTime: string | null;
}

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

/** A refund as WeChat reports it (create/query answer or decrypted REFUND.* resource). */
export interface RefundFacts {
  mchid: string;
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  status: RefundStatus;
  refundFen: number;
  totalFen: number;
}
