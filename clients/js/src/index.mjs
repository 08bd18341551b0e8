// @semres/client: SEMRES from JavaScript with @polkadot/api and the chain's metadata alone.
export { connect, send, errorName, DispatchError, waitForBlock, bestNumber } from './chain.mjs';
export {
  cidBytes, smerRef, anchorHash, newRecord, consentPayload, signConsent, anchorRecord, verifySmer,
  recordsByVpi,
} from './records.mjs';
export { reasonCommitment, grantAccess, requestAccess, canAccess } from './access.mjs';
export { subscribePatient } from './events.mjs';
export { requestKey, keyRequested, keyRequest, currentCommittee } from './custody.mjs';
