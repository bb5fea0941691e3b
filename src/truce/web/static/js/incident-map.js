/* The map page: incidents coloured by type and styled by verification state, clustered when
 * zoomed out, filtered by the time slider; clicking one (or its entry in the list) opens its card.
 */
"use strict";

(function () {
  const config = truce.config();
  const style = config.style;
  const collection = truce.readJSON("map-incidents");
  const container = document.getElementById("map");

  const located = collection.features.map(function (feature) {
    const [lon, lat] = feature.geometry.coordinates;
    return { feature: feature, latlng: L.latLng(lat, lon) };
  });
  const bounds = L.latLngBounds(located.map(function (item) {
    return item.latlng;
  }));
  // The map opens on the agreement's front, not on every incident: news proposals placed in
  // Geneva or Ankara would otherwise make the front a dot. The list beside it reaches them.
  const map = truce.createMap(container, { fallbackBounds: bounds.isValid() ? bounds : null });

  const markerStyle = function (properties) {
    const colour = style.types[properties.type] || "#555555";
    const stateStyle = style.states[properties.state] || {};
    return {
      radius: 8,
      color: stateStyle.color || colour,
      fillColor: colour,
      fillOpacity: stateStyle.fillOpacity,
      weight: stateStyle.weight,
      dashArray: stateStyle.dashArray || null,
      className: "incident-marker incident-" + properties.id + " state-" + properties.state,
    };
  };

  const card = function (properties) {
    const article = truce.element("article", "incident-card");
    const heading = truce.element("h3", null, truce.text("type." + properties.type) + " · #" + properties.id);
    article.appendChild(heading);
    const state = truce.element("p", "state-badge state-" + properties.state, truce.text("state." + properties.state));
    article.appendChild(state);
    const when = properties.date || truce.text("map.undated");
    article.appendChild(truce.element("p", "when-where", when + (properties.place ? " — " + properties.place : "")));
    article.appendChild(truce.element("p", "summary", properties.summary));
    if (properties.parties.length) {
      article.appendChild(truce.element("p", "parties", truce.text("map.parties", { parties: properties.parties.join(", ") })));
    }
    const link = truce.element("a", "open-incident", truce.text("map.open_incident"));
    link.href = properties.url;
    article.appendChild(link);
    return article;
  };

  const markers = new Map();
  located.forEach(function (item) {
    const properties = item.feature.properties;
    const marker = L.circleMarker(item.latlng, markerStyle(properties));
    marker.bindPopup(function () {
      return card(properties);
    });
    marker.bindTooltip(truce.text("type." + properties.type) + " #" + properties.id);
    markers.set(String(properties.id), { marker: marker, properties: properties });
  });

  const cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 35,
    disableClusteringAtZoom: 9,
  });
  cluster.addTo(map);
  L.control
    .layers(null, {
      [truce.text("map.layer_zones")]: map.truceLayers.zones,
      [truce.text("map.layer_lines")]: map.truceLayers.lines,
      [truce.text("map.layer_points")]: map.truceLayers.points,
      [truce.text("map.layer_incidents")]: cluster,
    }, { collapsed: false })
    .addTo(map);
  L.control.scale({ imperial: false }).addTo(map);

  /* The time slider: days from the first dated incident to the last; undated ones always show. */
  const slider = document.getElementById("time-slider");
  const output = document.getElementById("time-slider-value");
  const days = located
    .map(function (item) {
      return item.feature.properties.date;
    })
    .filter(Boolean)
    .sort();
  const DAY = 86400000;
  const first = days.length ? Date.parse(days[0]) : 0;
  const last = days.length ? Date.parse(days[days.length - 1]) : 0;
  slider.max = String(Math.round((last - first) / DAY));
  slider.value = slider.max;
  slider.disabled = days.length === 0;

  const listItems = document.querySelectorAll(".map-incidents li[data-incident-id]");
  const show = function () {
    const until = new Date(first + Number(slider.value) * DAY).toISOString().slice(0, 10);
    output.textContent = days.length ? truce.text("map.time_until", { date: until }) : truce.text("map.time_none");
    const visible = [];
    markers.forEach(function (entry) {
      const date = entry.properties.date;
      if (!date || date <= until) visible.push(entry.marker);
    });
    cluster.clearLayers();
    cluster.addLayers(visible);
    listItems.forEach(function (item) {
      const date = item.dataset.date;
      item.hidden = Boolean(date) && date > until;
    });
    container.dataset.incidentsShown = String(visible.length);
  };
  slider.addEventListener("input", show);
  show();

  document.querySelectorAll("button.show-on-map").forEach(function (button) {
    button.addEventListener("click", function () {
      const entry = markers.get(button.dataset.incidentId);
      if (!entry) return;
      cluster.zoomToShowLayer(entry.marker, function () {
        entry.marker.openPopup();
      });
    });
  });
  container.dataset.ready = "true";
})();
