import { documentClient } from '../platform/clients.ts';
import { appUrl, tableName } from '../platform/env.ts';
import { systemClock } from '../platform/time.ts';
import type { NoticeParticulars } from '../kernel/order-notices.ts';
import { noticeParticulars } from '../ordering/application/notice-particulars.ts';
import { foodOrderStore } from '../ordering/adapters/food-order-adapters.ts';
import { orderingStore } from '../ordering/adapters/ordering-store.ts';
import { rideStore } from '../ordering/adapters/ride-store.ts';
import { merchantPhones } from '../promotion/application/merchant-phones.ts';
import { promotionPorts } from '../promotion/adapters/promotion-adapters.ts';
import type { Channel } from '../notification/ports/channels.ts';
import type { NotificationPorts, ReplyPorts } from '../notification/ports/notification-ports.ts';
import { awsChannels } from '../notification/adapters/aws-channels.ts';
import { DynamoDbNotificationLedger } from '../notification/adapters/dynamodb-notification-ledger.ts';
import { LOCAL_OUTBOX_ENV, LocalOutboxChannel } from '../notification/adapters/local-outbox-channel.ts';

let ports: NotificationPorts | undefined;

const ledger = () => new DynamoDbNotificationLedger(documentClient, tableName('notification'));

/** The local outbox where the local runtime says so; anywhere else the AWS channels, configured from the deploy's settings. */
function channel(): Channel {
  if (process.env[LOCAL_OUTBOX_ENV] === '1') return new LocalOutboxChannel(documentClient, tableName('notification'));
  return awsChannels(process.env);
}

/**
 * Where the notification context meets ordering (who is told, what the texts may show; read
 * only, through the kernel's NoticeParticulars port) and promotion (a merchant's phone).
 */
export function orderNoticeParticulars(): NoticeParticulars {
  return noticeParticulars({
    medicine: orderingStore(),
    food: foodOrderStore(),
    rides: rideStore(),
    merchants: merchantPhones(promotionPorts()),
    appUrl,
  });
}

export function notificationPorts(): NotificationPorts {
  return (ports ??= { particulars: orderNoticeParticulars(), ledger: ledger(), channel: channel(), clock: systemClock });
}

/** What the replies handler needs (the channels deliver replies to it on AWS). */
export const replyPorts = (): ReplyPorts => ({ ledger: ledger() });
