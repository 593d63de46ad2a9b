#include "core/jobs/thread_policy.hpp"

#include <cstdlib>

#include <unistd.h>

namespace mf {

void adoptThreadPolicy(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY")) return;  // the user's, or already ours
  ::setenv("OMP_WAIT_POLICY", "passive", 1);
  ::execv("/proc/self/exe", argv);  // returns only on failure: then run as we are (spinning)
}

}  // namespace mf
