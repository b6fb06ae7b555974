export type { ProbeTarget, ProbeReport, ProbeStage, ProbeAttempt, ProbeOptions, VerdictCode } from './types';
export { runProbe, lagrangeHeaders, randomSelfId, probeNotice, probeRoles, authProof } from './probe';
export { runHttpProbe } from './http-probe';
export { probeTargets, allProbeTargets } from './targets';
export { formatReport, redactReport } from './format';
export { captureHandshake, PortBusyError, type CaptureOptions } from './capture';
export { PROFILES, IMPLEMENTATIONS, implementationHeaders, frameworkHeaders, httpPostHeaders, authorizationFor, identifyClient, isImplementationKind, type ImplementationKind, type FrameworkKind, type ImplementationProfile } from './profiles';
export { linkFacts, type LinkFacts } from './link-facts';
export { printable, MAX_FRAME_BYTES, MAX_API_CALLS } from './sanitize';
