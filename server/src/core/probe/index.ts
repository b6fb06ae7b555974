export type { ProbeTarget, ProbeReport, ProbeStage, ProbeAttempt, ProbeOptions, VerdictCode } from './types';
export { runProbe, lagrangeHeaders, randomSelfId } from './probe';
export { probeTargets } from './targets';
export { formatReport, redactReport } from './format';
export { captureHandshake, PortBusyError } from './capture';
