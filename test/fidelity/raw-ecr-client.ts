/**
 * Calls ECR with the real `@aws-sdk/client-ecr` (so requests are signed and serialised exactly as the
 * product's adapter sends them) and keeps the raw HTTP answer next to the SDK's reading of it. The raw
 * JSON shows members the SDK would silently drop; the SDK result shows that the SDK accepts the answer.
 */
import { Readable } from 'node:stream';
import * as ecr from '@aws-sdk/client-ecr';

export interface RawAnswer {
  operation: string;
  status: number;
  /** Parsed JSON body, or the text when it is not JSON (moto answers unimplemented operations with HTML). */
  body: unknown;
  /** The `x-amzn-errortype` header, when present. */
  errorTypeHeader: string | undefined;
  sdk:
    | { ok: true; output: Record<string, unknown> }
    | { ok: false; name: string; message: string; httpStatus?: number };
}

export interface EcrEndpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
}

type Sendable = { send(command: unknown): Promise<Record<string, unknown>> };
type CommandClass = new (input: object) => unknown;

/** Sends `operation` (e.g. `DescribeImages`) once, without retries, and returns both readings. */
export async function rawEcrCall(target: EcrEndpoint, operation: string, input: object): Promise<RawAnswer> {
  const Command = (ecr as unknown as Record<string, CommandClass | undefined>)[`${operation}Command`];
  if (!Command) throw new Error(`@aws-sdk/client-ecr has no ${operation}Command`);

  const captured: { status?: number; text?: string; errorType?: string } = {};
  const probe = new ecr.ECRClient({ region: target.region });
  const inner = probe.config.requestHandler as unknown as {
    handle(
      request: unknown,
      options?: unknown,
    ): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: unknown } }>;
  };
  const client = new ecr.ECRClient({
    region: target.region,
    endpoint: target.endpoint,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: 'fidelity-test-secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: unknown, options?: unknown) {
        const result = await inner.handle(request, options);
        const chunks: Buffer[] = [];
        for await (const chunk of result.response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
        const bytes = Buffer.concat(chunks);
        captured.status = result.response.statusCode;
        captured.text = bytes.toString('utf8');
        captured.errorType = result.response.headers['x-amzn-errortype'];
        result.response.body = Readable.from([bytes]);
        return result;
      },
    } as never,
  });

  let sdk: RawAnswer['sdk'];
  try {
    sdk = { ok: true, output: await (client as unknown as Sendable).send(new Command(input)) };
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    sdk = { ok: false, name: e.name, message: e.message, httpStatus: e.$metadata?.httpStatusCode };
  } finally {
    client.destroy();
    probe.destroy();
  }
  if (captured.status === undefined) {
    throw new Error(`${operation} got no HTTP answer from ${target.endpoint}: ${JSON.stringify(sdk)}`);
  }
  let body: unknown = captured.text;
  try {
    body = captured.text ? JSON.parse(captured.text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { operation, status: captured.status, body, errorTypeHeader: captured.errorType, sdk };
}
