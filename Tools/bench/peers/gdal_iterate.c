/* GDAL peer for the loading family: open a vector source and iterate every feature of every layer,
 * reading each geometry's points and the Geofabrik fields fclass, maxspeed, oneway: the least any
 * loader has to do. Prints one JSON line: features, points, a checksum, and the wall time.
 * Usage: gdal_iterate FILE */
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: gdal_iterate FILE\n");
    return 64;
  }
  double start = now();
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (!ds) {
    fprintf(stderr, "gdal_iterate: cannot open %s\n", argv[1]);
    return 66;
  }
  long long features = 0, points = 0, oneway = 0;
  double coordinate_sum = 0, speed_sum = 0;
  for (int l = 0; l < GDALDatasetGetLayerCount(ds); ++l) {
    OGRLayerH layer = GDALDatasetGetLayer(ds, l);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int fclass = OGR_FD_GetFieldIndex(defn, "fclass");
    int maxspeed = OGR_FD_GetFieldIndex(defn, "maxspeed");
    int oneway_field = OGR_FD_GetFieldIndex(defn, "oneway");
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
      ++features;
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      if (g) {
        int count = OGR_G_GetPointCount(g);
        for (int i = 0; i < count; ++i) {
          double x, y, z;
          OGR_G_GetPoint(g, i, &x, &y, &z);
          coordinate_sum += x + y;
        }
        points += count;
      }
      if (fclass >= 0) (void)OGR_F_GetFieldAsString(f, fclass);
      if (maxspeed >= 0) speed_sum += OGR_F_GetFieldAsDouble(f, maxspeed);
      if (oneway_field >= 0) {
        const char *s = OGR_F_GetFieldAsString(f, oneway_field);
        if (s[0] == 'F' || s[0] == 'T') ++oneway;
      }
      OGR_F_Destroy(f);
    }
  }
  GDALClose(ds);
  printf("{\"tool\": \"gdal\", \"answer\": \"features=%lld\", \"points\": %lld, \"oneway\": %lld, "
         "\"checksum\": %.3f, \"times_s\": [%.6f]}\n",
         features, points, oneway, coordinate_sum + speed_sum, now() - start);
  return 0;
}
