#ifndef CORRIDOR_CCBC_SHIM_H
#define CORRIDOR_CCBC_SHIM_H
#include <coin/Cbc_C_Interface.h>
#endif
