/**
 * What the assigned driver needs at the door: who receives the goods (or the passenger), how to
 * reach them, the address, and the name of the place to collect from. Personal data never
 * travels on a queue: dispatch asks the context that owns the order, in process, when the
 * assigned driver opens the job, and shows nothing of it before acceptance or after the
 * contact window (see driver-actions.ts).
 */
export interface DeliveryContact {
  readonly recipient?: { readonly name: string; readonly phone: string };
  /** Where the driver meets the recipient: the drop-off address, or a ride's pickup address. */
  readonly address?: {
    readonly street: string;
    readonly rt?: string;
    readonly rw?: string;
    readonly desa: string;
    readonly kecamatan: string;
  };
  /** The pharmacy or merchant whose goods the driver collects. */
  readonly pickupName?: string;
}

/** The port; ordering implements it (shared/ordering/application/delivery-contacts.ts). */
export interface DeliveryContacts {
  /** Undefined when the order is unknown. */
  contactFor(job: { readonly kind: 'MEDICINE' | 'FOOD' | 'RIDE'; readonly orderId: string }): Promise<DeliveryContact | undefined>;
}
