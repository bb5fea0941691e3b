/* A Leaflet map on truce's own vector basemap, with the agreement's geography.
 *
 * Shared by every page with a map. The basemap is Natural Earth's countries (world-atlas,
 * served by this server): land, the coastline (the land's outer edge) and the borders. No
 * tile is loaded unless the server was configured with a tile URL (TRUCE_TILE_URL).
 * Text from the database is only ever set with textContent, never parsed as HTML.
 */
"use strict";

window.truce = window.truce || {};
/* The maps of the page, for its scripts (and for the browser tests to ask where they look). */
truce.maps = [];

truce.readJSON = function (id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
};

truce.config = function () {
  return truce.readJSON("map-config");
};

truce.text = function (key, values) {
  const strings = truce.config().strings;
  let template = strings[key] !== undefined ? strings[key] : key;
  Object.keys(values || {}).forEach(function (name) {
    template = template.split("{" + name + "}").join(String(values[name]));
  });
  return template;
};

truce.element = function (tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined && text !== null) element.textContent = text;
  return element;
};

truce.ZONE_STYLES = {
  buffer_zone: { color: "#1f4e79", weight: 2, fillColor: "#6baed6", fillOpacity: 0.18 },
  demilitarised_zone: { color: "#3f007d", weight: 2, fillColor: "#9e9ac8", fillOpacity: 0.18 },
  area: { color: "#4d4d4d", weight: 1.5, fillColor: "#bababa", fillOpacity: 0.12 },
  front_line: { color: "#b30000", weight: 3, dashArray: "8 6" },
};

/* A map in `element`, framed on `bounds` (a L.LatLngBounds) or on the agreement's geography,
 * or, for an agreement without geography, on `fallbackBounds`. */
truce.createMap = function (element, options) {
  const config = truce.config();
  const map = L.map(element, { zoomSnap: 0.5, minZoom: 3, maxZoom: 12, keyboard: true });
  map.createPane("basemap");
  map.getPane("basemap").style.zIndex = 250;
  if (config.tile_url) {
    L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 18 }).addTo(map);
  } else {
    map.attributionControl.addAttribution(truce.text("map.basemap_credit"));
  }
  truce.addBasemap(map, config.basemap_url, !config.tile_url);
  const geography = truce.readJSON("map-agreement");
  const layers = truce.agreementLayers(geography, !(options && options.popups === false));
  layers.zones.addTo(map);
  layers.lines.addTo(map);
  layers.points.addTo(map);
  let frame = options && options.bounds;
  if (!frame || !frame.isValid()) {
    frame = L.featureGroup([layers.zones, layers.lines, layers.points]).getBounds();
  }
  if (!frame.isValid() && options && options.fallbackBounds) {
    frame = options.fallbackBounds;
  }
  if (frame.isValid()) {
    map.fitBounds(frame.pad((options && options.padding) || 1.2), {
      maxZoom: (options && options.maxZoom) || 6,
    });
  } else {
    map.setView([27, 17], 5);
  }
  map.truceLayers = layers;
  truce.maps.push(map);
  return map;
};

/* Natural Earth cuts Chukotka, Fiji and Antarctica at the antimeridian: a ring or line there
 * steps from 179.9 to -180 degrees. Drawn as it is, that step is a line across the whole map.
 * Each step of more than 180 degrees is taken the short way instead (179.9 to 180.1), so the
 * shape continues past the edge of the world, where it belongs. */
truce.continuousLongitudes = function (geometry) {
  const unwrap = function (positions) {
    let shift = 0;
    return positions.map(function (position, index) {
      if (index > 0) {
        const step = position[0] - positions[index - 1][0];
        if (step > 180) shift -= 360;
        else if (step < -180) shift += 360;
      }
      return [position[0] + shift].concat(position.slice(1));
    });
  };
  const walk = function (coordinates) {
    return typeof coordinates[0][0] === "number" ? unwrap(coordinates) : coordinates.map(walk);
  };
  if (!geometry) return geometry;
  if (geometry.type === "FeatureCollection") {
    geometry.features.forEach(function (feature) {
      truce.continuousLongitudes(feature.geometry);
    });
  } else if (geometry.type === "GeometryCollection") {
    geometry.geometries.forEach(truce.continuousLongitudes);
  } else if (geometry.coordinates && geometry.coordinates.length) {
    geometry.coordinates = walk(geometry.coordinates);
  }
  return geometry;
};

truce.addBasemap = function (map, url, filled) {
  fetch(url)
    .then(function (response) {
      return response.json();
    })
    .then(function (topology) {
      const countries = topology.objects.countries;
      const land = truce.continuousLongitudes(topojson.feature(topology, countries));
      if (filled) {
        L.geoJSON(land, {
          pane: "basemap",
          interactive: false,
          style: { stroke: false, fillColor: "#f3efe6", fillOpacity: 1 },
        }).addTo(map);
      }
      const coastline = truce.continuousLongitudes(
        topojson.mesh(topology, countries, function (a, b) {
          return a === b;
        }),
      );
      const borders = truce.continuousLongitudes(
        topojson.mesh(topology, countries, function (a, b) {
          return a !== b;
        }),
      );
      L.geoJSON(coastline, {
        pane: "basemap",
        interactive: false,
        style: { color: "#4f7ca8", weight: 1.2 },
      }).addTo(map);
      L.geoJSON(borders, {
        pane: "basemap",
        interactive: false,
        style: { color: "#8c8c8c", weight: 1, dashArray: "5 4" },
      }).addTo(map);
      truce.addCountryLabels(map, land);
      map.getContainer().dataset.basemap = "loaded";
    });
};

/* Country names, shown from zoom 5 on (at lower zooms they would cover each other). */
truce.addCountryLabels = function (map, countries) {
  const labels = L.layerGroup();
  countries.features.forEach(function (country) {
    if (!country.properties || !country.properties.name) return;
    const bounds = L.geoJSON(country).getBounds();
    if (!bounds.isValid()) return;
    const label = truce.element("span", null, country.properties.name);
    labels.addLayer(
      L.marker(bounds.getCenter(), {
        pane: "basemap",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "country-label", html: label, iconSize: null }),
      }),
    );
  });
  const toggle = function () {
    if (map.getZoom() >= 5) labels.addTo(map);
    else labels.remove();
  };
  map.on("zoomend", toggle);
  toggle();
};

truce.describe = function (properties) {
  const card = truce.element("div", "geography-card");
  card.appendChild(truce.element("strong", null, properties.name));
  if (properties.description) card.appendChild(truce.element("p", null, properties.description));
  return card;
};

/* The zones, lines and points; `withPopups` false keeps clicks for the page (drawing an area). */
truce.agreementLayers = function (geography, withPopups) {
  const features = geography.features;
  const ofLayer = function (name) {
    return {
      type: "FeatureCollection",
      features: features.filter(function (feature) {
        return feature.properties.layer === name;
      }),
    };
  };
  const bind = function (feature, layer) {
    layer.bindTooltip(feature.properties.name, { sticky: true });
    if (!withPopups) return;
    layer.bindPopup(function () {
      return truce.describe(feature.properties);
    });
  };
  const styleOf = function (feature) {
    const properties = feature.properties;
    return Object.assign(
      { className: "agreement-" + properties.layer + " agreement-" + properties.kind },
      truce.ZONE_STYLES[properties.kind] || truce.ZONE_STYLES.area,
    );
  };
  const zones = L.geoJSON(ofLayer("zone"), { style: styleOf, onEachFeature: bind });
  const lines = L.geoJSON(ofLayer("line"), { style: styleOf, onEachFeature: bind });
  const points = L.geoJSON(ofLayer("withdrawal_point"), {
    onEachFeature: bind,
    pointToLayer: function (feature, latlng) {
      const label = truce.element("span", "withdrawal-point-label", feature.properties.id);
      return L.marker(latlng, {
        icon: L.divIcon({ className: "withdrawal-point", html: label, iconSize: null }),
        keyboard: withPopups,
        interactive: withPopups, // on a picker map, a click on a point picks the place
        title: feature.properties.name,
        alt: feature.properties.name,
      });
    },
  });
  return { zones: zones, lines: lines, points: points };
};
