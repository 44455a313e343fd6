/** Key builders: the only place that spells the table's key formats (see infra/table.yml). */
export const keys = {
  profile: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'PROFILE' }),
  points: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'POINTS' }),
  ledger: (memberId: string, at: string, entryId: string) => ({ PK: `MEMBER#${memberId}`, SK: `LEDGER#${at}#${entryId}` }),
  tierHistory: (memberId: string, at: string) => ({ PK: `MEMBER#${memberId}`, SK: `TIER#${at}` }),
  phone: (phone: string) => ({ PK: `PHONE#${phone}`, SK: 'PHONE' }),
  openidMember: (openid: string) => ({ PK: `OPENID#${openid}`, SK: 'MEMBER' }),
  openidRole: (openid: string, role: string) => ({ PK: `OPENID#${openid}`, SK: `ROLE#${role}` }),
  memberCode: (code: string) => ({ PK: `MCODE#${code}`, SK: 'MCODE' }),
  order: (storeId: string, orderId: string) => ({ PK: `ORDER#${storeId}#${orderId}`, SK: 'ORDER' }),
  store: (storeId: string) => ({ PK: `STORE#${storeId}`, SK: 'STORE' }),
  brandTier: (rank: number) => ({ PK: 'BRAND', SK: `TIER#${String(rank).padStart(3, '0')}` }),
  brandSpendRule: () => ({ PK: 'BRAND', SK: 'RULE#spend' }),
  wechatToken: () => ({ PK: 'WECHAT', SK: 'ACCESS_TOKEN' }),
};

export const memberPk = (memberId: string) => `MEMBER#${memberId}`;
