/**
 * The demo fleet: while `npm start` runs, the demo drivers behave like drivers with the app open.
 * Dispatch offers nothing to a driver silent for five minutes (GANCANG_DRIVER_STALE_SECONDS) and
 * a taxi quote needs a taxi seen as recently, so every interval each demo driver reports where
 * it is, a little way from its spot, through the API as a driver's app does. The README's
 * walk-throughs then work however long the runtime has been up.
 *
 * Only the courier whom no walk-through acts as (`works` in the seed) also takes work: he accepts
 * the offer he gets, picks up and delivers on the following beats. The other drivers' offers are
 * left to whoever follows the walk-through.
 */
import { DEMO_TAXI_COMPANIES } from './seed-taxi.ts';
import { DEMO_DRIVERS } from './seed.ts';

interface DemoMember {
  readonly sub: string;
  readonly home: { readonly lat: number; readonly lng: number };
  readonly works: boolean;
}

const MEMBERS: readonly DemoMember[] = [
  ...DEMO_DRIVERS.map((d) => ({ sub: d.sub, home: d.at, works: d.works })),
  ...DEMO_TAXI_COMPANIES.flatMap((c) => c.taxis.map((t) => ({ sub: t.sub, home: t.at, works: false }))),
];

/** About 150 m around the spot (0.0014° of latitude), going round once every twelve beats. */
const WANDER_DEGREES = 0.0014;
const BEATS_PER_ROUND = 12;

export interface DemoFleetOptions {
  readonly apiUrl: string;
  readonly intervalSeconds: number;
  readonly mintDriverToken: (sub: string) => Promise<string>;
  /** Sent with every call, so that the access log can leave the fleet's calls out. */
  readonly userAgent: string;
  readonly errorLog: (line: string) => void;
}

export interface DemoFleet {
  /** One beat now (the timer's beats run on their own); resolves when it is done. */
  beat(): Promise<void>;
  stop(): Promise<void>;
}

export function startDemoFleet(options: DemoFleetOptions): DemoFleet {
  const tokens = new Map<string, Promise<string>>();
  let count = 0;
  let running: Promise<void> | undefined;
  let stopped = false;

  const call = async (sub: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    let token = tokens.get(sub);
    if (!token) tokens.set(sub, (token = options.mintDriverToken(sub)));
    const response = await fetch(`${options.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token}`,
        'user-agent': options.userAgent,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status === 401) tokens.delete(sub); // expired: mint another next time
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const report = async (member: DemoMember, beat: number): Promise<void> => {
    const angle = (2 * Math.PI * (beat % BEATS_PER_ROUND)) / BEATS_PER_ROUND;
    const at = {
      lat: Math.round((member.home.lat + WANDER_DEGREES * Math.sin(angle)) * 1e6) / 1e6,
      lng: Math.round((member.home.lng + WANDER_DEGREES * Math.cos(angle)) * 1e6) / 1e6,
    };
    const reported = await call(member.sub, 'PUT', '/v1/drivers/me/location', at);
    // A data folder seeded by an older version may lack a demo driver: nothing to keep fresh.
    if (reported.status === 403 || reported.status === 404) return;
    if (reported.status !== 200) throw new Error(`${member.sub}'s location report got ${reported.status}`);
    if (member.works) await work(member, reported.body as { currentOfferId?: string; currentJobId?: string });
  };

  /** Accepts the offer it holds, else takes the job in hand one step further. */
  const work = async (member: DemoMember, driver: { currentOfferId?: string; currentJobId?: string }): Promise<void> => {
    if (driver.currentOfferId) {
      await call(member.sub, 'POST', `/v1/offers/${driver.currentOfferId}/accept`);
      return;
    }
    if (!driver.currentJobId) return;
    const job = await call(member.sub, 'GET', `/v1/jobs/${driver.currentJobId}`);
    if (job.body?.status === 'ASSIGNED') await call(member.sub, 'POST', `/v1/jobs/${driver.currentJobId}/pickup`);
    else if (job.body?.status === 'PICKED_UP') {
      await call(member.sub, 'POST', `/v1/jobs/${driver.currentJobId}/deliver`, { recipientName: job.body.recipient?.name ?? 'Penerima' });
    }
  };

  const beat = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= (async () => {
      const beatNo = count++;
      const results = await Promise.allSettled(MEMBERS.map((member) => report(member, beatNo)));
      for (const result of results) {
        if (result.status === 'rejected') options.errorLog(`[demo fleet] ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
      }
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => void beat(), options.intervalSeconds * 1000);
  return {
    beat,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
