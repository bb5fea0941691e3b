/* The report form's location: click the map and the latitude and longitude fields are filled;
 * type them and the marker moves. Either way the fields are what is submitted.
 */
"use strict";

(function () {
  const container = document.getElementById("report-map");
  const latField = document.getElementById("lat");
  const lonField = document.getElementById("lon");
  if (!container || !latField || !lonField) return;
  const map = truce.createMap(container, { maxZoom: 7, padding: 0.4, popups: false });
  let marker = null;

  const place = function (latlng) {
    if (marker) marker.setLatLng(latlng);
    else marker = L.circleMarker(latlng, { radius: 9, color: "#000", weight: 2, fillColor: "#f2a900", fillOpacity: 0.9, className: "picked-location" }).addTo(map);
  };
  const fromFields = function () {
    const lat = Number(latField.value);
    const lon = Number(lonField.value);
    if (latField.value && lonField.value && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      place(L.latLng(lat, lon));
    }
  };
  map.on("click", function (event) {
    latField.value = event.latlng.lat.toFixed(5);
    lonField.value = event.latlng.lng.toFixed(5);
    place(event.latlng);
  });
  latField.addEventListener("change", fromFields);
  lonField.addEventListener("change", fromFields);
  fromFields();
  container.dataset.ready = "true";
})();
