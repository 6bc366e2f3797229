import { SYSTEM_LABEL } from '../core/codesets/code-display';
import type { ReleaseMeta } from '../core/codesets/types';
import type { Resource } from '../core/fhir/types';

/**
 * `GET /metadata`: what this server supports, as a FHIR CapabilityStatement, with the code-set
 * releases it validates against (a workstation can warn when the two disagree).
 */
export function capabilityStatement(baseUrl: string, releases: ReleaseMeta[]): Resource {
  const read = ['read', 'vread', 'history-instance'].map((code) => ({ code }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-06-01',
    kind: 'instance',
    software: { name: 'Coder Workstation reference billing server' },
    implementation: {
      description: `Reference billing server. Validates codes against: ${releases.map((r) => `${SYSTEM_LABEL[r.system]} ${r.version} (${r.effectiveFrom} to ${r.effectiveTo ?? 'open'})`).join('; ') || 'nothing'}.`,
      url: baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Worklist pull: Task search by owner and status with _include=Task:focus, _include=Encounter:subject, _revinclude=DocumentReference:encounter and _lastUpdated=gt<instant>. Push: one transaction Bundle per finished encounter revision, with an Idempotency-Key header.',
        security: {
          cors: true,
          description: 'Authorization: Bearer <token>; every token names one coder (a Practitioner), who sees and changes only their own Tasks. /health and /metadata need no token.',
        },
        resource: [
          {
            type: 'Task',
            interaction: [...read, { code: 'update' }, { code: 'search-type' }],
            searchParam: [
              { name: 'owner', type: 'reference' },
              { name: 'status', type: 'token' },
              { name: '_lastUpdated', type: 'date', documentation: 'gt or ge only' },
            ],
            searchInclude: ['Task:focus', 'Encounter:subject'],
            searchRevInclude: ['DocumentReference:encounter'],
          },
          {
            type: 'Claim',
            interaction: [...read, { code: 'search-type' }],
            conditionalCreate: true,
            searchParam: [
              { name: 'encounter', type: 'reference' },
              { name: 'identifier', type: 'token' },
              { name: 'status', type: 'token' },
            ],
          },
          { type: 'Encounter', interaction: [...read, { code: 'update' }] },
          { type: 'Condition', interaction: read, conditionalCreate: true },
          { type: 'Provenance', interaction: read, conditionalCreate: true },
          { type: 'Patient', interaction: read },
          { type: 'DocumentReference', interaction: read },
          { type: 'Practitioner', interaction: read },
        ],
        interaction: [{ code: 'transaction' }],
      },
    ],
  };
}
