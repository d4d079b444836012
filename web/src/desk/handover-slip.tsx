/**
 * The slip the pharmacy prints and hands over with the medicine: the delivery code the patient
 * tells the driver, the patient's first name (enough to match slip and bag, no more on paper), and
 * the tracking link as text and as a QR code. Printing shows only the slip (desk.css).
 */
import { useI18n } from '../i18n.ts';
import { staffWords } from '../staff-words.ts';
import type { MedicineOrder } from './desk-api.ts';
import { absoluteTrackingUrl, firstName } from './handover.ts';
import { QrCode } from './qr-code.tsx';

export function HandoverSlip({ order, onClose }: { order: MedicineOrder; onClose: () => void }) {
  const { language } = useI18n();
  const w = staffWords[language].desk;
  const url = absoluteTrackingUrl(order.trackingUrl, location.origin);
  return (
    <section class="card slip" aria-labelledby="slip-title">
      <h2 id="slip-title">{w.slip}</h2>
      <p class="slip-facility">{order.facilityName}</p>
      <p>
        {w.slipFor}: <strong class="slip-patient">{firstName(order.patient.name)}</strong> · {order.prescriptionNo}
      </p>
      <p class="slip-code-label">{w.deliveryCode}</p>
      <p class="slip-code">{order.deliveryCode}</p>
      <p class="note">{w.deliveryCodeNote}</p>
      <QrCode value={url} label={w.scanToTrack} />
      <p class="note">{w.scanToTrack}</p>
      <p class="slip-link">
        {w.trackingLink}: <a href={url}>{url}</a>
      </p>
      <div class="actions no-print">
        <button type="button" class="primary" onClick={() => window.print()}>
          {w.printSlip}
        </button>
        <button type="button" class="secondary" onClick={onClose}>
          {w.closeSlip}
        </button>
      </div>
    </section>
  );
}
