#ifndef CORRIDOR_CCLP_SHIM_H
#define CORRIDOR_CCLP_SHIM_H
#include <coin/Clp_C_Interface.h>
#endif
