// CPlatform is mostly header-only (include/cplatform.h); SwiftPM needs one source file per C target.
#include "cplatform.h"
