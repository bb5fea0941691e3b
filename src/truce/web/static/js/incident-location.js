/* The detail page's small map: the incident's location over the agreement's geography. */
"use strict";

(function () {
  const container = document.getElementById("incident-map");
  if (!container) return;
  const collection = truce.readJSON("map-incidents");
  const style = truce.config().style;
  const feature = collection.features[0];
  if (!feature) return;
  const [lon, lat] = feature.geometry.coordinates;
  const latlng = L.latLng(lat, lon);
  const map = truce.createMap(container, { bounds: L.latLngBounds([latlng]), maxZoom: 7 });
  L.circleMarker(latlng, {
    radius: 9,
    color: "#000000",
    weight: 2,
    fillColor: style.types[feature.properties.type] || "#555555",
    fillOpacity: 0.9,
    className: "incident-marker incident-" + feature.properties.id,
  }).addTo(map);
  container.dataset.ready = "true";
})();
