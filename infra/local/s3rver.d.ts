/** s3rver ships no types; the local stack uses only these. */
declare module 's3rver' {
  export default class S3rver {
    constructor(options: { address?: string; port?: number; silent?: boolean; directory?: string; resetOnClose?: boolean });
    run(): Promise<unknown>;
    close(): Promise<void>;
  }
}
