/**
 * What the rights capability offers other capabilities (an explicit, named collaboration):
 * - members: the agreement versions in force (checked and recorded at registration).
 */
export { policyVersionsInForce } from './policies';
export { recordRegistrationConsent } from './consent';
