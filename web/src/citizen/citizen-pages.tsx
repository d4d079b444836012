/**
 * A citizen's own pages: a festival food order (/food-orders/{orderId}) and a ride
 * (/rides/{rideId}), the `trackingUrl` the API gives with each. For the citizen who placed it
 * (the API answers 404 to anyone else) or an admin, signed in: the status as a timeline with WIB
 * times, the stall or the pickup, the driver's first name and plate once assigned, a map of where
 * it starts and where it goes with the driver's last reported position while on the way, and
 * refreshing by itself like the family's tracking page, whose pieces these pages share.
 */
import { useCallback, useEffect, useMemo } from 'preact/hooks';
import type { ComponentChildren, VNode } from 'preact';
import { useFollowed } from '../auto-refresh.ts';
import { SignOut } from '../auth/sign-in-page.tsx';
import type { Session } from '../auth/session.ts';
import { SignedIn, signInLink } from '../auth/signed-in.tsx';
import { useI18n, type Dictionary } from '../i18n.ts';
import { DriverLine, ReadAt, StatusTimeline } from '../tracking/journey-parts.tsx';
import { placesOf, type MapPlace } from '../tracking/map-places.ts';
import { timelineSteps, type JourneyShape } from '../tracking/timeline.ts';
import { MapLegend, TrackingMap } from '../tracking/tracking-map-slot.tsx';
import type { Fetched } from '../fetched.ts';
import { wibTime } from '../wib.ts';
import { fetchFoodOrder, fetchRide, FOOD_JOURNEY, RIDE_JOURNEY, type FoodOrder, type FoodOrderStatus, type Ride, type RideStatus } from './citizen-api.ts';
import { citizenWords, type CitizenWords } from './citizen-words.ts';
import './citizen.css';

/** Who may open these pages; the API decides whose order it is. */
const MAY_OPEN = ['citizen', 'admin'];

export function FoodOrderPage({ orderId }: { orderId: string }) {
  return <SignedInCitizen>{(session) => <Journey session={session} id={orderId} kind={FOOD} />}</SignedInCitizen>;
}

export function RidePage({ rideId }: { rideId: string }) {
  return <SignedInCitizen>{(session) => <Journey session={session} id={rideId} kind={RIDE} />}</SignedInCitizen>;
}

/** Sign-in first, as a citizen by default; the sign-in page brings the person back here. */
function SignedInCitizen({ children }: { children: (session: Session) => ComponentChildren }) {
  const { language } = useI18n();
  const w = citizenWords[language];
  return (
    <SignedIn roles={MAY_OPEN} needSignIn={w.needSignIn} signInText={w.signIn} signInRole="citizen">
      {children}
    </SignedIn>
  );
}

/** What tells one kind of journey from the other: how to read it, its way, its words, its places and facts. */
interface JourneyKind<T extends { readonly status: S; readonly timeline: readonly { status: S; at: string }[] }, S extends string> {
  read(token: string, id: string): Promise<Fetched<T>>;
  readonly shape: JourneyShape<S>;
  words(w: CitizenWords): { title: string; timeline: string; notFoundTitle: string; map: string; status: Readonly<Record<S, string>> };
  places(value: T, w: CitizenWords, t: Dictionary): MapPlace[];
  Facts(props: { value: T; w: CitizenWords }): VNode;
}

const FOOD: JourneyKind<FoodOrder, FoodOrderStatus> = {
  read: fetchFoodOrder,
  shape: FOOD_JOURNEY,
  words: (w) => w.food,
  /** The stall, the drop-off (the citizen's own, so the point itself) and the driver on the way. */
  places: (order, w, t) =>
    placesOf(
      { kind: 'start', at: order.merchant.location, label: w.food.merchantPlace(order.merchant.name) },
      'location' in order.dropoff && { kind: 'end', at: order.dropoff.location, label: w.food.destination(order.dropoff.address.street) },
      order.driverPosition &&
        order.driver && { kind: 'driver', at: order.driverPosition, label: w.food.driverPosition(order.driver.firstName, wibTime(order.driverPosition.at, t.locale)) },
    ),
  Facts: ({ value: order, w }) => (
    <dl class="facts">
      <Fact term={w.food.merchant}>
        {order.merchant.name} <span class="plate">· Kec. {order.merchant.kecamatan}</span>
      </Fact>
      {'address' in order.dropoff && (
        <Fact term={w.food.deliverTo}>
          {order.dropoff.address.street}, {order.dropoff.address.desa}
        </Fact>
      )}
      <Fact term={w.food.driver}>
        <DriverLine driver={order.driver} noDriver={w.food.noDriverYet} />
      </Fact>
      <Fact term={w.food.total}>{w.rupiah(order.totalIdr)}</Fact>
    </dl>
  ),
};

const RIDE: JourneyKind<Ride, RideStatus> = {
  read: fetchRide,
  shape: RIDE_JOURNEY,
  words: (w) => w.ride,
  /** The pickup, the drop-off and the driver, from assignment to the end of the trip. */
  places: (ride, w, t) =>
    placesOf(
      { kind: 'start', at: ride.pickup.location, label: w.ride.pickupPlace(ride.pickup.address.street) },
      { kind: 'end', at: ride.dropoff.location, label: w.ride.destination(ride.dropoff.address.street) },
      ride.driverPosition &&
        ride.driver && { kind: 'driver', at: ride.driverPosition, label: w.ride.driverPosition(ride.driver.firstName, wibTime(ride.driverPosition.at, t.locale)) },
    ),
  Facts: ({ value: ride, w }) => (
    <dl class="facts">
      <Fact term={w.ride.pickup}>
        {ride.pickup.address.street}, {ride.pickup.address.desa}
      </Fact>
      <Fact term={w.ride.dropoff}>
        {ride.dropoff.address.street}, {ride.dropoff.address.desa}
      </Fact>
      <Fact term={w.ride.driver}>
        <DriverLine driver={ride.driver} noDriver={w.ride.noDriverYet} />
        {ride.driver?.companyName && <span class="plate"> · {ride.driver.companyName}</span>}
      </Fact>
      <Fact term={w.ride.fare}>{w.rupiah(ride.fareIdr)}</Fact>
    </dl>
  ),
};

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * Either page: what the last read said (nothing there, the session over, no connection), then the
 * status and facts, the timeline and the map of what was found, read again until it is over.
 */
function Journey<T extends { readonly status: S; readonly timeline: readonly { status: S; at: string }[] }, S extends string>({
  session,
  id,
  kind,
}: {
  session: Session;
  id: string;
  kind: JourneyKind<T, S>;
}) {
  const { language, t } = useI18n();
  const w = citizenWords[language];
  const words = kind.words(w);
  const token = session.accessToken;
  const load = useCallback(() => kind.read(token, id), [kind, token, id]);
  const isOver = useCallback((value: T) => kind.shape.finalStatuses.has(value.status), [kind]);
  const { result, value, fetchedAt, finished } = useFollowed(load, isOver);
  const places = useMemo(() => (value ? kind.places(value, w, t) : []), [kind, value, w, t]);

  useEffect(() => {
    document.title = `${value ? words.status[value.status] : words.title} · Gancang`;
  }, [value, words]);

  if (result?.kind === 'not-found') {
    return (
      <main class="page">
        <h1>{words.notFoundTitle}</h1>
        <p>{w.notFoundBody}</p>
      </main>
    );
  }
  if (result?.kind === 'signed-out') {
    return (
      <main class="page">
        <p>
          {w.sessionOver} <a href={signInLink('citizen')}>{w.signIn}</a>
        </p>
      </main>
    );
  }
  return (
    <main class="page">
      <SignOut sub={session.sub} />
      <h1 class="eyebrow">{words.title}</h1>
      {result?.kind === 'unreachable' && (
        <p class="notice" role="status">
          {t.tracking.unreachable}
        </p>
      )}
      {value === undefined ? (
        result?.kind !== 'unreachable' && <p class="muted">{t.loading}</p>
      ) : (
        <>
          <section class="card summary" aria-live="polite">
            <p class={`status status-${value.status.toLowerCase()}`}>{words.status[value.status]}</p>
            <kind.Facts value={value} w={w} />
          </section>
          <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{words.timeline}</h2>
            <StatusTimeline steps={timelineSteps(value, kind.shape)} label={(status) => words.status[status]} />
          </section>
          <section class="card map-card" aria-label={words.map}>
            <TrackingMap places={places} />
            <MapLegend places={places} />
          </section>
          <ReadAt fetchedAt={fetchedAt} finished={finished} />
        </>
      )}
    </main>
  );
}
