/* The incident list's area filter: draw a rectangle on the map with two clicks (opposite
 * corners) and it fills the "area" field as minlon,minlat,maxlon,maxlat; the field can also be
 * typed, and "Clear" empties it.
 */
"use strict";

(function () {
  const container = document.getElementById("area-map");
  const field = document.getElementById("bbox");
  const drawButton = document.getElementById("draw-area");
  const clearButton = document.getElementById("clear-area");
  if (!container || !field) return;
  const map = truce.createMap(container, { maxZoom: 6, popups: false });
  let rectangle = null;
  let firstCorner = null;
  let drawing = false;

  const round = function (value) {
    return Math.round(value * 1000) / 1000;
  };
  const showArea = function (bounds) {
    if (rectangle) rectangle.remove();
    rectangle = L.rectangle(bounds, { color: "#d95f02", weight: 2, fillOpacity: 0.1, className: "drawn-area" }).addTo(map);
  };
  const existing = field.value.split(",").map(Number);
  if (existing.length === 4 && existing.every(Number.isFinite)) {
    showArea(L.latLngBounds([existing[1], existing[0]], [existing[3], existing[2]]));
  }

  drawButton.addEventListener("click", function () {
    drawing = true;
    firstCorner = null;
    container.classList.add("drawing");
    drawButton.setAttribute("aria-pressed", "true");
    drawButton.textContent = truce.text("map.draw_first_corner");
  });
  clearButton.addEventListener("click", function () {
    field.value = "";
    if (rectangle) rectangle.remove();
    rectangle = null;
  });
  map.on("click", function (event) {
    if (!drawing) return;
    if (!firstCorner) {
      firstCorner = event.latlng;
      drawButton.textContent = truce.text("map.draw_second_corner");
      return;
    }
    const bounds = L.latLngBounds(firstCorner, event.latlng);
    showArea(bounds);
    field.value = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(round)
      .join(",");
    drawing = false;
    container.classList.remove("drawing");
    drawButton.setAttribute("aria-pressed", "false");
    drawButton.textContent = truce.text("map.draw_area");
  });
  container.dataset.ready = "true";
})();
