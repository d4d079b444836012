import type { SQSClient } from '@aws-sdk/client-sqs';
import { endpointFromEnv } from './clients.ts';
import type { MessageSender } from './outbox.ts';

let client: Promise<{ sqs: SQSClient; SendMessageCommand: typeof import('@aws-sdk/client-sqs').SendMessageCommand }> | undefined;

/**
 * The SQS client, loaded on the first send rather than at import: most invocations of a function
 * that can send (register, read, list) never do, and the client is ~15 ms of a cold start.
 * The emulator needs an explicit endpoint; otherwise the SDK sends to the queue URL's host.
 */
function loadSqs() {
  return (client ??= import('@aws-sdk/client-sqs').then(({ SQSClient, SendMessageCommand }) => ({
    sqs: new SQSClient({ ...endpointFromEnv('AWS_ENDPOINT_URL_SQS') }),
    SendMessageCommand,
  })));
}

export const sqsSender: MessageSender = {
  async send(queueUrl, body, delaySeconds) {
    const { sqs, SendMessageCommand } = await loadSqs();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) }));
  },
};
