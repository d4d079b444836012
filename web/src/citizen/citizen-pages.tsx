/**
 * A citizen's own pages: a festival food order (/food-orders/{orderId}) and a ride
 * (/rides/{rideId}), the `trackingUrl` the API gives with each. For the citizen who placed it
 * (the API answers 404 to anyone else) or an admin, signed in: the status as a timeline with WIB
 * times, the stall or the pickup, the driver's first name and plate once assigned, a map of where
 * it starts and where it goes with the driver's last reported position while on the way, and
 * refreshing by itself like the family's tracking page, whose pieces these pages share.
 */
import { useCallback, useEffect, useMemo } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { useFollowed, type Followed } from '../auto-refresh.ts';
import { SignOut } from '../auth/sign-in-page.tsx';
import { currentSession, type Session } from '../auth/session.ts';
import { useI18n, type Dictionary } from '../i18n.ts';
import { DriverLine, ReadAt, StatusTimeline } from '../tracking/journey-parts.tsx';
import { placesOf, type MapPlace } from '../tracking/map-places.ts';
import { timelineSteps } from '../tracking/timeline.ts';
import { MapLegend, TrackingMap } from '../tracking/tracking-map-slot.tsx';
import { wibTime } from '../wib.ts';
import { fetchFoodOrder, fetchRide, FOOD_JOURNEY, RIDE_JOURNEY, type FoodOrder, type Ride } from './citizen-api.ts';
import { citizenWords, type CitizenWords } from './citizen-words.ts';
import './citizen.css';

/** Who may open these pages; the API decides whose order it is. */
const MAY_OPEN = ['citizen', 'admin'];

export function FoodOrderPage({ orderId }: { orderId: string }) {
  return <SignedIn>{(session) => <FollowedFoodOrder session={session} orderId={orderId} />}</SignedIn>;
}

export function RidePage({ rideId }: { rideId: string }) {
  return <SignedIn>{(session) => <FollowedRide session={session} rideId={rideId} />}</SignedIn>;
}

/** Sign-in first, as a citizen by default; the sign-in page brings the person back here. */
function signInLink(): string {
  return `/signin?${new URLSearchParams({ next: location.pathname, role: 'citizen' })}`;
}

function SignedIn({ children }: { children: (session: Session) => ComponentChildren }) {
  const { language } = useI18n();
  const w = citizenWords[language];
  const session = useMemo(() => currentSession(), []);
  if (!session || !session.roles.some((role) => MAY_OPEN.includes(role))) {
    return (
      <main class="page">
        <p>
          {w.needSignIn} <a href={signInLink()}>{w.signIn}</a>
        </p>
      </main>
    );
  }
  return <>{children(session)}</>;
}

const foodIsOver = (order: FoodOrder) => FOOD_JOURNEY.finalStatuses.has(order.status);
const rideIsOver = (ride: Ride) => RIDE_JOURNEY.finalStatuses.has(ride.status);

function FollowedFoodOrder({ session, orderId }: { session: Session; orderId: string }) {
  const { language, t } = useI18n();
  const w = citizenWords[language];
  const token = session.accessToken;
  const load = useCallback(() => fetchFoodOrder(token, orderId), [token, orderId]);
  const followed = useFollowed(load, foodIsOver);
  const order = followed.value;
  const places = useMemo(() => (order ? foodPlaces(order, w, t) : []), [order, w, t]);
  useEffect(() => {
    document.title = `${order ? w.food.status[order.status] : w.food.title} · Gancang`;
  }, [order, w]);
  return (
    <Journey
      sub={session.sub}
      followed={followed}
      title={w.food.title}
      timelineTitle={w.food.timeline}
      notFoundTitle={w.food.notFoundTitle}
      mapLabel={w.food.map}
      places={places}
      timeline={order && <StatusTimeline steps={timelineSteps(order, FOOD_JOURNEY)} label={(status) => w.food.status[status]} />}
      summary={
        order && (
          <>
            <p class={`status status-${order.status.toLowerCase()}`}>{w.food.status[order.status]}</p>
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
          </>
        )
      }
    />
  );
}

function FollowedRide({ session, rideId }: { session: Session; rideId: string }) {
  const { language, t } = useI18n();
  const w = citizenWords[language];
  const token = session.accessToken;
  const load = useCallback(() => fetchRide(token, rideId), [token, rideId]);
  const followed = useFollowed(load, rideIsOver);
  const ride = followed.value;
  const places = useMemo(() => (ride ? ridePlaces(ride, w, t) : []), [ride, w, t]);
  useEffect(() => {
    document.title = `${ride ? w.ride.status[ride.status] : w.ride.title} · Gancang`;
  }, [ride, w]);
  return (
    <Journey
      sub={session.sub}
      followed={followed}
      title={w.ride.title}
      timelineTitle={w.ride.timeline}
      notFoundTitle={w.ride.notFoundTitle}
      mapLabel={w.ride.map}
      places={places}
      timeline={ride && <StatusTimeline steps={timelineSteps(ride, RIDE_JOURNEY)} label={(status) => w.ride.status[status]} />}
      summary={
        ride && (
          <>
            <p class={`status status-${ride.status.toLowerCase()}`}>{w.ride.status[ride.status]}</p>
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
          </>
        )
      }
    />
  );
}

/** The stall, the drop-off (the citizen's own, so the point itself) and the driver on the way. */
function foodPlaces(order: FoodOrder, w: CitizenWords, t: Dictionary): MapPlace[] {
  const position = order.driverPosition;
  return placesOf(
    { kind: 'start', at: order.merchant.location, label: w.food.merchantPlace(order.merchant.name) },
    'location' in order.dropoff && { kind: 'end', at: order.dropoff.location, label: w.food.destination(order.dropoff.address.street) },
    position && order.driver && { kind: 'driver', at: position, label: w.food.driverPosition(order.driver.firstName, wibTime(position.at, t.locale)) },
  );
}

/** The pickup, the drop-off and the driver, from assignment to the end of the trip. */
function ridePlaces(ride: Ride, w: CitizenWords, t: Dictionary): MapPlace[] {
  const position = ride.driverPosition;
  return placesOf(
    { kind: 'start', at: ride.pickup.location, label: w.ride.pickupPlace(ride.pickup.address.street) },
    { kind: 'end', at: ride.dropoff.location, label: w.ride.destination(ride.dropoff.address.street) },
    position && ride.driver && { kind: 'driver', at: position, label: w.ride.driverPosition(ride.driver.firstName, wibTime(position.at, t.locale)) },
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The frame of both pages: what the last read said (nothing there, the session over, no
 * connection), then the summary, the timeline and the map of what was found.
 */
function Journey<T>({
  sub,
  followed,
  title,
  timelineTitle,
  notFoundTitle,
  mapLabel,
  places,
  summary,
  timeline,
}: {
  /** Who is signed in, beside the way to sign out. */
  sub: string;
  followed: Followed<T>;
  title: string;
  timelineTitle: string;
  notFoundTitle: string;
  mapLabel: string;
  places: readonly MapPlace[];
  summary: ComponentChildren;
  timeline: ComponentChildren;
}) {
  const { language, t } = useI18n();
  const w = citizenWords[language];
  const { result, value, fetchedAt, finished } = followed;
  if (result?.kind === 'not-found') {
    return (
      <main class="page">
        <h1>{notFoundTitle}</h1>
        <p>{w.notFoundBody}</p>
      </main>
    );
  }
  if (result?.kind === 'signed-out') {
    return (
      <main class="page">
        <p>
          {w.sessionOver} <a href={signInLink()}>{w.signIn}</a>
        </p>
      </main>
    );
  }
  return (
    <main class="page">
      <SignOut sub={sub} />
      <h1 class="eyebrow">{title}</h1>
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
            {summary}
          </section>
          <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{timelineTitle}</h2>
            {timeline}
          </section>
          <section class="card map-card" aria-label={mapLabel}>
            <TrackingMap places={places} />
            <MapLegend places={places} />
          </section>
          <ReadAt fetchedAt={fetchedAt} finished={finished} />
        </>
      )}
    </main>
  );
}
