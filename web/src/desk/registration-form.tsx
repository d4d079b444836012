/**
 * The registration form. The API is the judge of what is valid: its `details[].path` (e.g.
 * `patient.nik`, `items.0.category`) names the field, and the message appears beside that field
 * (aria-describedby, aria-invalid). The browser's own checks are off, so there is one source of
 * errors and one way they look.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n.ts';
import { staffWords } from '../staff-words.ts';
import { registerOrder, type MedicineOrder, type RegisterRequest } from './desk-api.ts';

type Category = RegisterRequest['items'][number]['category'];
type Payer = RegisterRequest['payer'];
interface ItemDraft {
  name: string;
  quantity: string;
  unit: string;
  category: Category;
}
const emptyItem = (): ItemDraft => ({ name: '', quantity: '1', unit: 'tablet', category: 'REGULAR' });
const emptyDraft = () => ({
  name: '',
  nik: '',
  phone: '',
  street: '',
  rt: '',
  rw: '',
  desa: '',
  kecamatan: '',
  lat: '',
  lng: '',
  prescriptionNo: '',
  payer: 'BPJS_PBI' as Payer,
  notes: '',
  items: [emptyItem()],
});
type Draft = ReturnType<typeof emptyDraft>;

const CATEGORIES: readonly Category[] = ['REGULAR', 'COLD_CHAIN', 'NARCOTIC', 'PSYCHOTROPIC'];
const PAYERS: readonly Payer[] = ['BPJS_PBI', 'GENERAL'];

/** The field for an API path: `patient.address.rt` → `reg-patient-address-rt`. */
export const fieldId = (path: string): string => `reg-${path.replace(/\./g, '-')}`;

/** Empty optional text is left out; an empty number is sent as it is so the API names the field. */
function requestFrom(draft: Draft, facilityId: string): RegisterRequest {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const number = (value: string) => (value.trim() === '' ? Number.NaN : Number(value.replace(',', '.')));
  return {
    facilityId,
    patient: {
      name: draft.name.trim(),
      nik: optional(draft.nik),
      phone: draft.phone.trim(),
      address: { street: draft.street.trim(), rt: optional(draft.rt), rw: optional(draft.rw), desa: draft.desa.trim(), kecamatan: draft.kecamatan.trim() },
      location: { lat: number(draft.lat), lng: number(draft.lng) },
    },
    prescriptionNo: draft.prescriptionNo.trim(),
    payer: draft.payer,
    items: draft.items.map((item) => ({ name: item.name.trim(), quantity: number(item.quantity), unit: item.unit.trim(), category: item.category })),
    notes: optional(draft.notes),
  };
}

export function RegistrationForm({ token, facilityId, onRegistered }: { token: string; facilityId: string; onRegistered: (order: MedicineOrder) => void }) {
  const { language } = useI18n();
  const w = staffWords[language].desk;
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [summary, setSummary] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const setItem = (index: number, patch: Partial<ItemDraft>) =>
    setDraft((current) => ({ ...current, items: current.items.map((item, i) => (i === index ? { ...item, ...patch } : item)) }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const answer = await registerOrder(token, requestFrom(draft, facilityId));
    setBusy(false);
    if (answer.ok) {
      setErrors(new Map());
      setSummary(undefined);
      setDraft(emptyDraft());
      onRegistered(answer.body);
      return;
    }
    const byField = new Map<string, string>();
    const elsewhere: string[] = [];
    for (const detail of answer.error.details) {
      // NaN travels as null: the API's "expected number" is about the field left empty.
      if (detail.path && document.getElementById(fieldId(detail.path))) byField.set(detail.path, byField.get(detail.path) ?? detail.message);
      else elsewhere.push(detail.message);
    }
    setErrors(byField);
    setSummary(byField.size > 0 && elsewhere.length === 0 ? w.formInvalid : [answer.error.message, ...elsewhere].join(' '));
    const first = [...byField.keys()][0];
    if (first) document.getElementById(fieldId(first))?.focus();
  };

  /** What a field's control carries so that its API error, shown right under it, is announced with it. */
  const described = (path: string) => {
    const id = fieldId(path);
    const error = errors.get(path);
    return { id, name: path, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': error ? `${id}-error` : undefined };
  };
  /** A labelled control with its API error right under it. */
  const labelled = (path: string, label: string, control: ComponentChildren) => {
    const id = fieldId(path);
    const error = errors.get(path);
    return (
      <div class="field" key={path}>
        <label for={id}>{label}</label>
        {control}
        {error ? (
          <p id={`${id}-error`} class="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  const field = (path: string, label: string, value: string, onInput: (value: string) => void, extra: Record<string, string> = {}) =>
    labelled(path, label, <input {...described(path)} value={value} onInput={(event) => onInput(event.currentTarget.value)} {...extra} />);
  const select = <T extends string>(path: string, label: string, value: T, options: readonly T[], names: Record<T, string>, onChange: (value: T) => void) =>
    labelled(
      path,
      label,
      <select {...described(path)} value={value} onChange={(event) => onChange(event.currentTarget.value as T)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {names[option]}
          </option>
        ))}
      </select>,
    );

  return (
    <form class="card form registration" noValidate onSubmit={submit} aria-labelledby="register-title">
      <h2 id="register-title">{w.register}</h2>
      <fieldset>
        <legend>{w.patient}</legend>
        {field('patient.name', w.patientName, draft.name, (name) => set({ name }), { autocomplete: 'off' })}
        {field('patient.nik', w.nik, draft.nik, (nik) => set({ nik }), { inputmode: 'numeric', autocomplete: 'off' })}
        {field('patient.phone', w.phone, draft.phone, (phone) => set({ phone }), { type: 'tel', autocomplete: 'off' })}
        {field('patient.address.street', w.street, draft.street, (street) => set({ street }))}
        <div class="row">
          {field('patient.address.rt', w.rt, draft.rt, (rt) => set({ rt }), { inputmode: 'numeric' })}
          {field('patient.address.rw', w.rw, draft.rw, (rw) => set({ rw }), { inputmode: 'numeric' })}
        </div>
        {field('patient.address.desa', w.desa, draft.desa, (desa) => set({ desa }))}
        {field('patient.address.kecamatan', w.kecamatan, draft.kecamatan, (kecamatan) => set({ kecamatan }))}
        <div class="row">
          {field('patient.location.lat', w.lat, draft.lat, (lat) => set({ lat }), { inputmode: 'decimal' })}
          {field('patient.location.lng', w.lng, draft.lng, (lng) => set({ lng }), { inputmode: 'decimal' })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{w.prescription}</legend>
        {field('prescriptionNo', w.prescriptionNo, draft.prescriptionNo, (prescriptionNo) => set({ prescriptionNo }))}
        {select('payer', w.payer, draft.payer, PAYERS, w.payers, (payer) => set({ payer }))}
      </fieldset>
      <fieldset>
        <legend>{w.items}</legend>
        {draft.items.map((item, index) => (
          <div class="item" key={index}>
            {field(`items.${index}.name`, `${w.itemName} ${index + 1}`, item.name, (name) => setItem(index, { name }))}
            <div class="row">
              {field(`items.${index}.quantity`, w.quantity, item.quantity, (quantity) => setItem(index, { quantity }), { inputmode: 'numeric' })}
              {field(`items.${index}.unit`, w.unit, item.unit, (unit) => setItem(index, { unit }))}
            </div>
            {select(`items.${index}.category`, w.category, item.category, CATEGORIES, w.categories, (category) => setItem(index, { category }))}
            {draft.items.length > 1 ? (
              <button type="button" class="secondary" onClick={() => setDraft((current) => ({ ...current, items: current.items.filter((_, i) => i !== index) }))}>
                {w.removeItem} {index + 1}
              </button>
            ) : null}
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => setDraft((current) => ({ ...current, items: [...current.items, emptyItem()] }))}>
          {w.addItem}
        </button>
      </fieldset>
      {field('notes', w.notes, draft.notes, (notes) => set({ notes }))}
      {summary ? (
        <p class="error" role="alert">
          {summary}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? w.submitting : w.submit}
      </button>
    </form>
  );
}
