/**
 * An error a sandbox handler throws to answer with an AWS error. The service adapter (ECR awsJson,
 * Inspector2 REST-JSON, STS awsQuery) decides how it looks on the wire; handlers only pick the real
 * exception name, the message and, where the protocol binds it, the HTTP status.
 */
export class SandboxError extends Error {
  readonly type: string;
  readonly status: number;
  /** Extra members of the exception structure (e.g. Inspector `reason`, `fields`). */
  readonly members: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    type: string,
    message: string,
    opts: { status?: number; members?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'SandboxError';
    this.type = type;
    this.status = opts.status ?? 400;
    this.members = opts.members ?? {};
    this.headers = opts.headers ?? {};
  }
}

/** ECR's wording for a modelled constraint that failed (seen in real answers: "Invalid parameter at 'imageIds' …"). */
export function ecrInvalidParameter(field: string, constraint: string): SandboxError {
  return new SandboxError(
    'InvalidParameterException',
    `Invalid parameter at '${field}' failed to satisfy constraint: '${constraint}'`,
  );
}

/** Inspector2 (Coral-style) wording for a modelled constraint that failed. */
export function inspectorValidation(field: string, value: unknown, constraint: string): SandboxError {
  return new SandboxError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
    { members: { reason: 'FIELD_VALIDATION_FAILED', fields: [{ name: field, message: constraint }] } },
  );
}
