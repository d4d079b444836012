/**
 * How Gancang alarms reach people: every alarm notifies the operations topic when it fires and
 * when it clears, so whoever was paged also learns that it is over.
 */
import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';

export function notify(alarm: Alarm, topic: ITopic): Alarm {
  alarm.addAlarmAction(new SnsAction(topic));
  alarm.addOkAction(new SnsAction(topic));
  return alarm;
}

/** The window most alarms judge: short enough to page within minutes, long enough to smooth noise. */
export const ALARM_PERIOD = Duration.minutes(5);
