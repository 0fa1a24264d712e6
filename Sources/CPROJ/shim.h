#ifndef CORRIDOR_CPROJ_SHIM_H
#define CORRIDOR_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
