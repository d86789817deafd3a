#include "build_info.h"

// build_commit.h is written by the Makefile (never checked in: .gitignore) and defines PIPEQ_BUILD_COMMIT.
#if __has_include("build_commit.h")
#include "build_commit.h"
#endif
#ifndef PIPEQ_BUILD_COMMIT
#define PIPEQ_BUILD_COMMIT ""
#endif

const char *pipeq_build_commit(void) { return PIPEQ_BUILD_COMMIT; }
