/// CorridorGeo: the only module that talks to GDAL and PROJ.
///
/// It reads and writes vector data, transforms coordinates to WGS84 lon/lat and measures
/// geodesic lengths. C pointers never leave this module: everything public is a Swift value type
/// or a Swift class that owns its C handle.
public enum CorridorGeo {}
