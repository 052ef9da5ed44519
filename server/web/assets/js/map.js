// Maps with Leaflet (vendored under /assets/vendor/leaflet, loaded as a
// classic script before the page's module, so it is window.L). Pins are
// vector circles, drawn without any image or tile: with no network the
// map shows its pins on a blank background.
import { t } from './i18n.js';

// TILES is OpenStreetMap's standard tile server (allowed by the pages'
// Content-Security-Policy img-src). See its usage policy before heavy use.
const TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const HUE = [16.4637, 107.5909];

const COLORS = {
  new: '#5b6663',
  routed: '#0b5d4b',
  in_progress: '#1a5fb4',
  waiting_for_resident: '#9a6700',
  resolved: '#1e6b34',
  closed: '#1e6b34',
  rejected: '#b3261e',
};

/** makeMap puts a map in node, or returns null when Leaflet is missing. */
export function makeMap(node, { zoom = 13, center = HUE } = {}) {
  const L = window.L;
  if (!L || !node) return null;
  const map = L.map(node, { center, zoom, scrollWheelZoom: false });
  map.attributionControl.setPrefix(false);
  L.tileLayer(TILES, { maxZoom: 19, attribution: '© OpenStreetMap' }).addTo(map);
  const layer = L.layerGroup().addTo(map);
  return { map, layer, L };
}

const hasPoint = (iss) => iss.location && iss.location.lat != null && iss.location.lon != null;

/**
 * showPins replaces the map's pins with the issues that have coordinates;
 * popup(iss) builds each pin's popup. It returns the number of pins.
 */
export function showPins(m, issues, popup) {
  if (!m) return 0;
  m.layer.clearLayers();
  const pts = [];
  for (const iss of issues.filter(hasPoint)) {
    const p = [iss.location.lat, iss.location.lon];
    pts.push(p);
    const color = COLORS[iss.status] || COLORS.new;
    const pin = m.L.circleMarker(p, {
      radius: 9,
      color: '#fff',
      weight: 2,
      fillColor: color,
      fillOpacity: 0.9,
      className: 'pin pin-' + iss.status,
    });
    pin.bindTooltip(iss.code + ' · ' + iss.title);
    if (popup) pin.bindPopup(() => popup(iss));
    pin.addTo(m.layer);
    const path = pin.getElement && pin.getElement();
    if (path) path.setAttribute('data-code', iss.code);
  }
  if (pts.length === 1) m.map.setView(pts[0], 16);
  else if (pts.length > 1) m.map.fitBounds(pts, { padding: [24, 24], maxZoom: 16 });
  return pts.length;
}

/**
 * pickPoint lets the visitor place a pin by clicking the map; onPick gets
 * {lat, lon}. It returns a function that sets the pin from code.
 */
export function pickPoint(m, onPick) {
  if (!m) return () => {};
  let pin = null;
  const set = (lat, lon) => {
    if (pin) pin.setLatLng([lat, lon]);
    else pin = m.L.circleMarker([lat, lon], { radius: 10, color: '#fff', weight: 2, fillColor: '#b3261e', fillOpacity: 0.9, className: 'pin pin-picked' }).addTo(m.layer);
  };
  m.map.on('click', (e) => {
    set(e.latlng.lat, e.latlng.lng);
    onPick({ lat: e.latlng.lat, lon: e.latlng.lng });
  });
  m.map.getContainer().setAttribute('aria-label', t('map.pickLabel'));
  return set;
}
