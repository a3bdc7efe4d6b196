/** Picker options from the browser's own Intl data: no lists to ship or keep up to date. */

const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

export function countryOptions(): { value: string; label: string }[] {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const options: { value: string; label: string }[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      // An unknown code names itself.
      const name = names.of(code);
      if (name && name !== code && !NOT_COUNTRIES.has(code)) options.push({ value: code, label: `${name} (${code})` });
    }
  }
  return options.sort((x, y) => x.label.localeCompare(y.label));
}

export function timeZoneOptions(): { value: string; label: string }[] {
  return [{ value: '', label: 'Default zone' }, ...Intl.supportedValuesOf('timeZone').map((zone) => ({ value: zone, label: zone }))];
}

export function currencyOptions(): { value: string; label: string }[] {
  const names = new Intl.DisplayNames(['en'], { type: 'currency' });
  return Intl.supportedValuesOf('currency').map((code) => ({ value: code, label: `${code} — ${names.of(code) ?? code}` }));
}
