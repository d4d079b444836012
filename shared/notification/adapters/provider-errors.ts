import { ChannelError } from '../ports/channels.ts';

/** What an AWS SDK v3 service error carries besides its name (ServiceException). */
interface ServiceFailure {
  readonly name?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  /** End User Messaging SMS says why it refused (e.g. DESTINATION_PHONE_NUMBER_OPTED_OUT). */
  readonly Reason?: unknown;
}

const THROTTLED = new Set(['ThrottlingException', 'ThrottledRequestException', 'TooManyRequestsException']);

/**
 * A provider's failure as the port's ChannelError. Retryable is what may pass: a throttle, a fault
 * on the provider's side (5xx, including Meta's answer relayed as DependencyException), or no
 * answer at all (a timeout, a reset connection). Any other answer is the provider refusing this
 * message for good: a number that cannot receive, an unknown template, a malformed request, a
 * missing permission or quota; sending it again would only be refused again.
 *
 * The provider's own text is left out of the message: it may quote the recipient's number, and
 * the message ends up in logs. The error's name and reason code say enough to act on.
 */
export function channelErrorFrom(channel: string, error: unknown): ChannelError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as ServiceFailure;
  const name = typeof failure.name === 'string' ? failure.name : 'Error';
  const reason = typeof failure.Reason === 'string' ? ` (${failure.Reason})` : '';
  const status = failure.$metadata?.httpStatusCode;
  const answered = failure.$fault !== undefined || status !== undefined;
  const retryable =
    THROTTLED.has(name) || failure.$retryable !== undefined || failure.$fault === 'server' || (status !== undefined && status >= 500) || !answered;
  return new ChannelError(`${channel} ${retryable ? 'failed' : 'refused the message'}: ${name}${reason}`, retryable);
}
