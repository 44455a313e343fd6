/** Mainland numbers are 11 digits starting with 1; others are kept with their country code. */
export function normalizePhone(purePhoneNumber: string, countryCode = '86'): string {
  const digits = purePhoneNumber.replace(/\D/g, '');
  return countryCode === '86' ? digits : `+${countryCode}${digits}`;
}

/** 138****0000: the only form a list or a clerk ever sees. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
