#ifndef PIPEQ_BUILD_INFO_H
#define PIPEQ_BUILD_INFO_H

/// The commit the binary was built from (`git describe --always --dirty`), or "" when the build did not say:
/// `make build` writes it to build_commit.h beside build_info.c for the length of its build; a plain `swift build` has none.
const char *pipeq_build_commit(void);

#endif
