/**
 * The pharmacy desk (/desk, pharmacy role): the facilities the pharmacist acts for, today's orders
 * of the chosen one by status with what needs attention on top (no driver yet, delivery code
 * locked), refreshing every 15 s and when the tab comes back; the registration form; one-click
 * status moves; the handover slip of an order.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useAutoRefresh } from '../auto-refresh.ts';
import { StaffHeading } from '../auth/staff-heading.tsx';
import { SignedIn } from '../auth/signed-in.tsx';
import { useI18n } from '../i18n.ts';
import { staffWords } from '../staff-words.ts';
import { wibTime } from '../wib.ts';
import { changeStatus, listFacilities, listOrders, type Facility, type MedicineOrder, type OrderStatus, type StatusChange } from './desk-api.ts';
import { HandoverSlip } from './handover-slip.tsx';
import { RegistrationForm } from './registration-form.tsx';
import './desk.css';

/** The order the desk works through them in. */
const STATUS_ORDER: readonly OrderStatus[] = [
  'REGISTERED',
  'PREPARING',
  'READY_FOR_PICKUP',
  'COURIER_ASSIGNED',
  'PICKED_UP',
  'DELIVERY_FAILED',
  'DELIVERED',
  'RETURNED_TO_PHARMACY',
  'CANCELLED',
];
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's orders in WIB, and any older one still needing attention. */
export function todaysOrders(orders: readonly MedicineOrder[], now: Date): MedicineOrder[] {
  const today = dayKey.format(now);
  return orders.filter((order) => order.attention !== undefined || dayKey.format(new Date(order.createdAt)) === today);
}

export function DeskPage() {
  const { language } = useI18n();
  const w = staffWords[language].desk;
  return (
    <SignedIn roles={['pharmacy']} title={w.title} needSignIn={w.needSignIn} signInText={staffWords[language].signIn.title} pageClass="page staff">
      {(session) => <Desk token={session.accessToken} sub={session.sub} />}
    </SignedIn>
  );
}

function Desk({ token, sub }: { token: string; sub: string }) {
  const { language, t } = useI18n();
  const w = staffWords[language].desk;
  const [facilities, setFacilities] = useState<Facility[] | undefined>();
  const [facilityId, setFacilityId] = useState<string | undefined>();
  const [orders, setOrders] = useState<MedicineOrder[] | undefined>();
  const [fetchedAt, setFetchedAt] = useState<Date | undefined>();
  const [unreachable, setUnreachable] = useState(false);
  const [slip, setSlip] = useState<MedicineOrder | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const inFlight = useRef(false);

  useEffect(() => {
    document.title = `${w.title} · Gancang`;
  }, [w]);

  useEffect(() => {
    void listFacilities(token).then((answer) => {
      if (!answer.ok) return setUnreachable(true);
      setFacilities(answer.body.items);
      setFacilityId((current) => current ?? answer.body.items[0]?.facilityId);
    });
  }, [token]);

  const refresh = useCallback(async () => {
    if (!facilityId || inFlight.current) return;
    inFlight.current = true;
    try {
      const answer = await listOrders(token, facilityId);
      setUnreachable(!answer.ok);
      if (answer.ok) {
        setOrders(todaysOrders(answer.body.items, new Date()));
        setFetchedAt(new Date());
      }
    } finally {
      inFlight.current = false;
    }
  }, [token, facilityId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useAutoRefresh(refresh);

  /** An answer about one order replaces it in the list at once, before the next refresh. */
  const replace = (order: MedicineOrder) => {
    setOrders((current) => [order, ...(current ?? []).filter((o) => o.orderId !== order.orderId)]);
    setSlip((current) => (current?.orderId === order.orderId ? order : current));
  };

  const move = async (order: MedicineOrder, change: StatusChange) => {
    const answer = await changeStatus(token, order.orderId, change);
    if (answer.ok) {
      replace(answer.body);
      setNotice(undefined);
    } else setNotice(w.failed(answer.error.message));
  };

  const attention = (orders ?? []).filter((order) => order.attention);

  return (
    <main class="page staff desk">
      <StaffHeading title={w.title} sub={sub} unreachable={unreachable ? w.unreachable : undefined} />
      {facilities && facilities.length === 0 ? <p>{w.noFacility}</p> : null}
      {facilities && facilities.length > 1 ? (
        <div class="field no-print">
          <label for="desk-facility">{w.facility}</label>
          <select id="desk-facility" value={facilityId} onChange={(event) => setFacilityId(event.currentTarget.value)}>
            {facilities.map((f) => (
              <option key={f.facilityId} value={f.facilityId}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
      ) : facilities?.[0] ? (
        <p class="facility-name">{facilities[0].name}</p>
      ) : null}

      {slip ? <HandoverSlip order={slip} onClose={() => setSlip(undefined)} /> : null}
      {notice ? (
        <p class="error" role="alert">
          {notice}
        </p>
      ) : null}

      <div class="desk-columns no-print">
        <section aria-labelledby="orders-title" class="orders">
          <h2 id="orders-title">{w.today}</h2>
          {fetchedAt ? <p class="muted small">{w.refreshed(wibTime(fetchedAt, t.locale))}</p> : null}
          {attention.length > 0 ? (
            <section class="card attention" aria-labelledby="attention-title">
              <h3 id="attention-title">{w.attention}</h3>
              <ul class="order-list">
                {attention.map((order) => (
                  <OrderRow key={order.orderId} order={order} onMove={move} onSlip={setSlip} />
                ))}
              </ul>
            </section>
          ) : null}
          {orders && orders.length === 0 ? <p class="muted">{w.noOrders}</p> : null}
          {STATUS_ORDER.map((status) => {
            const inStatus = (orders ?? []).filter((order) => order.status === status && !order.attention);
            if (inStatus.length === 0) return null;
            return (
              <section key={status} class="card status-group" aria-label={t.status[status]}>
                <h3>
                  {t.status[status]} <span class="count">({inStatus.length})</span>
                </h3>
                <ul class="order-list">
                  {inStatus.map((order) => (
                    <OrderRow key={order.orderId} order={order} onMove={move} onSlip={setSlip} />
                  ))}
                </ul>
              </section>
            );
          })}
        </section>
        {facilityId ? (
          <RegistrationForm
            token={token}
            facilityId={facilityId}
            onRegistered={(order) => {
              replace(order);
              setSlip(order);
              setNotice(undefined);
            }}
          />
        ) : null}
      </div>
    </main>
  );
}

function OrderRow({ order, onMove, onSlip }: { order: MedicineOrder; onMove: (order: MedicineOrder, change: StatusChange) => Promise<void>; onSlip: (order: MedicineOrder) => void }) {
  const { language, t } = useI18n();
  const w = staffWords[language].desk;
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (change: StatusChange) => {
    setBusy(true);
    await onMove(order, change);
    setBusy(false);
    setCancelling(false);
  };
  const canCancel = ['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED'].includes(order.status) && !order.cancellation;
  const reasonId = `cancel-reason-${order.orderId}`;
  return (
    <li class="order" data-order-id={order.orderId}>
      <div class="order-head">
        <strong>{order.patient.name}</strong> · {order.prescriptionNo}
        <span class={`status status-${order.status.toLowerCase()}`}> · {t.status[order.status]}</span>
      </div>
      {order.attention ? (
        <p class="flag">
          ⚑ {w.flags[order.attention.code]} ({w.since(wibTime(order.attention.since, t.locale))})
        </p>
      ) : null}
      {order.driver ? (
        <p class="small">
          {w.driver}: {order.driver.firstName} · {order.driver.vehiclePlate}
        </p>
      ) : null}
      {order.cancellation ? (
        <p class="pending" role="status">
          {w.cancelPending(wibTime(order.cancellation.requestedAt, t.locale))}
        </p>
      ) : null}
      {order.cancelRefused ? <p class="small">{w.cancelRefused(order.cancelRefused.reason)}</p> : null}
      <div class="actions" role="group" aria-label={`${w.actions}: ${order.prescriptionNo}`}>
        {order.status === 'REGISTERED' ? (
          <button type="button" class="primary" disabled={busy} onClick={() => void act({ status: 'PREPARING' })}>
            {w.toPreparing}
          </button>
        ) : null}
        {order.status === 'PREPARING' ? (
          <button type="button" class="primary" disabled={busy} onClick={() => void act({ status: 'READY_FOR_PICKUP' })}>
            {w.toReady}
          </button>
        ) : null}
        {order.status === 'DELIVERY_FAILED' ? (
          <button type="button" class="primary" disabled={busy} onClick={() => void act({ status: 'RETURNED_TO_PHARMACY' })}>
            {w.toReturned}
          </button>
        ) : null}
        <button type="button" class="secondary" onClick={() => onSlip(order)}>
          {w.slip}
        </button>
        {canCancel && !cancelling ? (
          <button type="button" class="secondary" onClick={() => setCancelling(true)}>
            {w.cancel}
          </button>
        ) : null}
      </div>
      {cancelling ? (
        <form
          class="cancel"
          onSubmit={(event) => {
            event.preventDefault();
            void act({ status: 'CANCELLED', reason: reason.trim() || undefined });
          }}
        >
          <label for={reasonId}>{w.cancelReason}</label>
          <input id={reasonId} value={reason} required onInput={(event) => setReason(event.currentTarget.value)} />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy || reason.trim() === ''}>
              {w.confirmCancel}
            </button>
            <button type="button" class="secondary" onClick={() => setCancelling(false)}>
              {w.keep}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
