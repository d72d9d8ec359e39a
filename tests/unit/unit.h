/* unit.h - what every cmocka unit test includes */
#ifndef WL_UNIT_H
#define WL_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "wl.h"

#endif
