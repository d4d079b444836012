import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#platform/http/caller';
import type { Role } from '#platform/roles';
import { ForbiddenError } from '#platform/errors';
import { needsAttentionKeys } from '#ordering/domain/needs-attention';
import { listOrdersNeedingAttention } from '#ordering/application/operations';
import { DynamoDbAttentionList } from '#ordering/adapters/dynamodb-attention-list';

const documents = mockClient(DynamoDBDocumentClient);
beforeEach(() => documents.reset());
const caller = (...roles: Role[]): Caller => ({ sub: 'someone', roles: new Set(roles) });
const SINCE = '2026-12-01T09:40:00.000+07:00';

describe('the attention index keys of an order', () => {
  it('files an order under ATTENTION by when it was flagged, while it is flagged, and nowhere otherwise', () => {
    expect(needsAttentionKeys({ attention: { since: SINCE } }, 'mo_1')).toEqual({ gsi5pk: 'ATTENTION', gsi5sk: `${SINCE}#mo_1` });
    expect(needsAttentionKeys({}, 'mo_1')).toEqual({});
  });
});

describe('the attention list', () => {
  const list = new DynamoDbAttentionList(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'ordering');

  it('reads the index newest first and names the facility of a medicine order and the merchant of a food order', async () => {
    documents.on(QueryCommand).resolves({
      Items: [
        { pk: 'FO#fo_2', sk: 'FO', gsi5pk: 'ATTENTION', gsi5sk: 'x', orderId: 'fo_2', merchant: { merchantId: 'mer_1', name: 'Mbok Nah' }, status: 'READY', attention: { code: 'NO_DRIVER_YET', since: SINCE }, citizenSub: 'warga' },
        { pk: 'MO#mo_1', sk: 'MO', orderId: 'mo_1', facilityId: 'fac_1', status: 'PICKED_UP', attention: { code: 'DELIVERY_CODE_LOCKED', since: SINCE }, patient: { name: 'Siti' } },
      ],
    });
    const page = await listOrdersNeedingAttention({ attention: list }, caller('admin'), { limit: 5 });
    expect(page).toEqual({
      items: [
        { kind: 'FOOD', orderId: 'fo_2', merchantId: 'mer_1', status: 'READY', attention: { code: 'NO_DRIVER_YET', since: SINCE } },
        { kind: 'MEDICINE', orderId: 'mo_1', facilityId: 'fac_1', status: 'PICKED_UP', attention: { code: 'DELIVERY_CODE_LOCKED', since: SINCE } },
      ],
      nextCursor: null,
    });
    expect(documents.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'gsi5', ScanIndexForward: false, Limit: 5, ExpressionAttributeValues: { ':pk': 'ATTENTION' } });
  });

  it('is for admins only', async () => {
    await expect(listOrdersNeedingAttention({ attention: list }, caller('pharmacy'), { limit: 5 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
