/**
 * The citizen's own pages, `/food-orders/{orderId}` and `/rides/{rideId}` (the `trackingUrl` of
 * the API's food orders and rides): matched here, their code loaded only when one opens.
 */
import type { VNode } from 'preact';
import { LazyPage } from '../lazy-page.tsx';

const loadFoodOrderPage = () => import('./citizen-pages.tsx').then((pages) => pages.FoodOrderPage);
const loadRidePage = () => import('./citizen-pages.tsx').then((pages) => pages.RidePage);

export function citizenRoute(pathname: string): VNode | undefined {
  const match = /^\/(food-orders|rides)\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[2]) return undefined;
  const id = decodeURIComponent(match[2]);
  return match[1] === 'food-orders' ? <LazyPage load={loadFoodOrderPage} props={{ orderId: id }} /> : <LazyPage load={loadRidePage} props={{ rideId: id }} />;
}
