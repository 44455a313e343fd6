/** The shipping upload in the payments tests (the WeChat client's `uploadShippingInfo`, faked): can fail on demand. */
export const shippingUploads = {
  failNext: 0,
  done: [] as any[],
};

export async function upload(info: any): Promise<void> {
  if (shippingUploads.failNext > 0) {
    shippingUploads.failNext--;
    throw new Error('fake: upload_shipping_info failed (errcode -1)');
  }
  shippingUploads.done.push(info);
}
