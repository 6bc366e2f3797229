import type { OperationOutcome, OperationOutcomeIssue } from './types';

/**
 * OperationOutcome: how the billing server says what is wrong, one issue per problem, each
 * with the FHIRPath of the element when there is one. The workstation shows
 * `outcomeMessages` to the coder as the reason a revision was rejected.
 */
export function operationOutcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** One error issue: `issue('code-invalid', 'E11 is a header…', 'Bundle.entry[1].resource.code.coding[0].code')`. */
export function issue(code: string, diagnostics: string, expression?: string, severity: OperationOutcomeIssue['severity'] = 'error'): OperationOutcomeIssue {
  const out: OperationOutcomeIssue = { severity, code, diagnostics };
  if (expression) out.expression = [expression];
  return out;
}

/** True for a parsed body that is an OperationOutcome. */
export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'OperationOutcome' && Array.isArray((value as { issue?: unknown }).issue);
}

/** The issues as lines a coder can read: "diagnostics (at expression)". */
export function outcomeMessages(outcome: OperationOutcome): string[] {
  return outcome.issue.map((i) => `${i.diagnostics ?? i.code}${i.expression?.length ? ` (at ${i.expression.join(', ')})` : ''}`);
}
