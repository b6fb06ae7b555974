export type { ProbeTarget, ProbeReport, ProbeOptions } from './types';
export { runProbe, lagrangeHeaders, probeNotice } from './probe';
export { probeTargets, allProbeTargets } from './targets';
export { formatReport, redactReport } from './format';
export { captureHandshake, PortBusyError } from './capture';
export { IMPLEMENTATIONS, implementationHeaders, PROFILES, type ImplementationKind } from './profiles';
