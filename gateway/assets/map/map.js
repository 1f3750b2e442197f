/* global document, window, L, URLSearchParams */
'use strict';

/**
 * The map: county polygons as the base map (no tiles), the counties under a warning in force
 * coloured by the highest level there, rescue bases as dots coloured by capability, and one
 * vehicle's track as a line through its points, each point coloured by the province that recorded it.
 */
(function () {
  const root = document.getElementById('map-page');
  const data = window.YrdMapData.createMapData(root.dataset.graphql);
  const LEVELS = ['BLUE', 'YELLOW', 'ORANGE', 'RED'];
  const LEVEL_COLOURS = { BLUE: '#1f6fd1', YELLOW: '#e8c000', ORANGE: '#f07d00', RED: '#d0161b' };
  const CAPABILITY_COLOURS = {
    HAZMAT: '#7b2cbf', WATER: '#0096c7', EARTHQUAKE: '#8d5524', FOREST_FIRE: '#2d6a4f',
    AVIATION: '#4cc9f0', MINE: '#495057', MOUNTAIN: '#6a994e', FLOOD_CONTROL: '#03045e',
  };
  const PROVINCE_COLOURS = { SH: '#e63946', JS: '#2a9d8f', ZJ: '#f4a261', AH: '#264653' };
  const LOOKBACK = { from: '2000-01-01', to: '2100-12-31' };
  const TRIP_GAP_MS = 3600 * 1000;

  const map = L.map('map', { zoomSnap: 0.25, preferCanvas: false });
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('Boundaries: Vonng/adcode, CC BY 4.0');
  map.setView([31.2, 119.5], 6);
  const layers = {
    counties: L.layerGroup().addTo(map),
    warnings: L.layerGroup().addTo(map),
    outlines: L.layerGroup().addTo(map),
    bases: L.layerGroup().addTo(map),
    track: L.layerGroup().addTo(map),
  };
  let counties = [];
  const summary = {};

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children) node.append(child);
    return node;
  }

  function setStatus(text) {
    document.getElementById('status').textContent = text;
  }

  function showErrors(errors) {
    const box = document.getElementById('error');
    box.textContent = [...new Set(errors)].join('; ');
    box.hidden = errors.length === 0;
  }

  function showSummary() {
    const list = document.getElementById('summary');
    list.replaceChildren();
    for (const [name, value] of Object.entries(summary)) {
      list.append(el('dt', {}, name), el('dd', { 'data-count': name }, String(value)));
    }
  }

  function showLegend() {
    const swatches = (title, colours) =>
      el('div', { class: 'legend-group' }, el('h2', {}, title), ...Object.entries(colours).map(([name, colour]) => el('span', { class: 'swatch', 'data-colour': colour }, name)));
    const legend = document.getElementById('legend');
    legend.replaceChildren(swatches('Warnings in force', LEVEL_COLOURS), swatches('Bases by capability', CAPABILITY_COLOURS), swatches('Track recorded by', PROVINCE_COLOURS));
    for (const swatch of legend.querySelectorAll('.swatch')) swatch.style.borderLeftColor = swatch.dataset.colour;
  }

  function feature(county) {
    return { type: 'Feature', properties: { adcode: county.adcode, name: county.name }, geometry: county.boundary };
  }

  function drawCounties(list, outlines) {
    counties = list;
    layers.counties.clearLayers();
    const layer = L.geoJSON(list.map(feature), { className: 'county', style: { color: '#ffffff', weight: 0.6, fillColor: '#d9dde3', fillOpacity: 1 } });
    layer.eachLayer((l) => l.bindTooltip(l.feature.properties.name, { sticky: true }));
    layers.counties.addLayer(layer);
    layers.outlines.clearLayers();
    layers.outlines.addLayer(L.geoJSON(outlines, { className: 'province', interactive: false, style: { color: '#7a8491', weight: 1.6, fill: false } }));
    if (list.length) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    summary.counties = list.length;
  }

  /** Whether a warning's area (a county, a city or a province) covers the county. */
  function covers(area, county) {
    if (area.adcode === county.adcode) return true;
    if (area.level === 'CITY') return county.parent !== null && county.parent.adcode === area.adcode;
    return area.level === 'PROVINCE' && county.province === area.province;
  }

  function drawWarnings(warnings) {
    layers.warnings.clearLayers();
    const highest = new Map();
    for (const w of warnings) {
      for (const area of w.areas) {
        for (const county of counties) {
          if (!covers(area, county)) continue;
          const was = highest.get(county.adcode);
          if (!was || LEVELS.indexOf(w.level) > LEVELS.indexOf(was.level)) highest.set(county.adcode, { level: w.level, county });
        }
      }
    }
    for (const level of LEVELS) {
      const inLevel = [...highest.values()].filter((h) => h.level === level).map((h) => feature(h.county));
      if (!inLevel.length) continue;
      const colour = LEVEL_COLOURS[level];
      layers.warnings.addLayer(L.geoJSON(inLevel, { className: `warning-area warning-${level}`, style: { color: colour, weight: 1, fillColor: colour, fillOpacity: 0.55 } }));
    }
    summary['warnings in force'] = warnings.length;
    summary['counties under a warning'] = highest.size;
  }

  function drawBases(bases, capability) {
    layers.bases.clearLayers();
    for (const b of bases) {
      const shown = capability || b.capabilities[0] || 'HAZMAT';
      const colour = CAPABILITY_COLOURS[shown] || '#000000';
      const dot = L.circleMarker([b.location.lat, b.location.lng], { className: `base base-${shown}`, radius: 4.5, color: '#ffffff', weight: 1, fillColor: colour, fillOpacity: 0.95 });
      dot.bindTooltip(`${b.name} (${b.capabilities.join(', ')})`);
      layers.bases.addLayer(dot);
    }
    summary.bases = bases.length;
  }

  /** The track cut where the vehicle stood still for more than an hour, so that no line joins one trip to the next. */
  function tripsOf(points) {
    const trips = [];
    let last = null;
    for (const p of points) {
      const at = Date.parse(p.at);
      if (last === null || at - last > TRIP_GAP_MS) trips.push([]);
      trips[trips.length - 1].push([p.location.lat, p.location.lng]);
      last = at;
    }
    return trips;
  }

  function drawTrack(points) {
    layers.track.clearLayers();
    summary['track points'] = points.length;
    summary['provinces on the track'] = new Set(points.map((p) => p.province)).size;
    summary.trips = tripsOf(points).length;
    if (!points.length) return;
    layers.track.addLayer(L.polyline(tripsOf(points), { className: 'track', color: '#111111', weight: 3, opacity: 0.85 }));
    for (const p of points) {
      const dot = L.circleMarker([p.location.lat, p.location.lng], { className: `track-point track-${p.province}`, radius: 3.5, color: '#111111', weight: 1, fillColor: PROVINCE_COLOURS[p.province], fillOpacity: 1 });
      dot.bindTooltip(`${p.at} · ${p.province}${p.speedKmh === null ? '' : ` · ${p.speedKmh} km/h`}`);
      layers.track.addLayer(dot);
    }
  }

  function choices() {
    const plate = document.getElementById('plate').value.trim();
    const from = document.getElementById('from').value || LOOKBACK.from;
    const to = document.getElementById('to').value || LOOKBACK.to;
    return { capability: document.getElementById('capability').value, plate, from: `${from}T00:00:00+08:00`, to: `${to}T23:59:59+08:00` };
  }

  async function drawChoices() {
    const { capability, plate, from, to } = choices();
    setStatus('Loading bases and track…');
    const [bases, track] = await Promise.all([data.bases(capability), plate ? data.track(plate, from, to) : Promise.resolve({ points: [], errors: [] })]);
    drawBases(bases.bases, capability);
    drawTrack(track.points);
    return [...bases.errors, ...track.errors];
  }

  async function drawAll() {
    setStatus('Loading counties…');
    const base = await data.counties();
    drawCounties(base.counties, base.outlines);
    setStatus('Loading warnings…');
    const warnings = await data.warningsInForce();
    drawWarnings(warnings.warnings);
    const errors = [...base.errors, ...warnings.errors, ...(await drawChoices())];
    showSummary();
    showErrors(errors);
    setStatus('Drawn.');
    root.dataset.drawn = String(Number(root.dataset.drawn || 0) + 1);
  }

  function start() {
    const params = new URLSearchParams(window.location.search);
    const select = document.getElementById('capability');
    for (const capability of Object.keys(CAPABILITY_COLOURS)) select.append(el('option', { value: capability }, capability));
    select.value = params.get('capability') || '';
    document.getElementById('plate').value = params.get('plate') || '';
    document.getElementById('from').value = params.get('from') || '';
    document.getElementById('to').value = params.get('to') || '';
    document.getElementById('token').value = window.YrdMapData.token();
    document.getElementById('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      window.YrdMapData.setToken(document.getElementById('token').value.trim());
      drawAll().catch((error) => showErrors([String(error)]));
    });
    document.getElementById('layers-form').addEventListener('submit', (event) => {
      event.preventDefault();
      drawChoices()
        .then((errors) => {
          showSummary();
          showErrors(errors);
          root.dataset.drawn = String(Number(root.dataset.drawn || 0) + 1);
        })
        .catch((error) => showErrors([String(error)]));
    });
    data.plates().then((plates) => document.getElementById('plates').replaceChildren(...plates.map((p) => el('option', { value: p })))).catch(() => undefined);
    showLegend();
    drawAll().catch((error) => showErrors([String(error)]));
  }

  start();
})();
