"""Geography: GeoJSON geometry checked and turned into shapely shapes, and spatial predicates."""
