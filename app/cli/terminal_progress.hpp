#pragma once
// Progress for metaforge-cli: a one-line bar on stderr when stderr is a terminal (nothing in
// pipes and logs), and Ctrl-C as Cancel: the first Ctrl-C asks the running work to stop, the
// CLI then exits with 130.

#include "core/jobs/progress.hpp"

#include <chrono>
#include <string>

namespace mf::cli {

class TerminalProgress final : public Progress {
 public:
  explicit TerminalProgress(std::string task);
  ~TerminalProgress() override;
  void report(double fraction, std::string_view message) override;
  bool cancelled() const override;

 private:
  std::string task_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// Installs the Ctrl-C handler (once).
void installInterruptHandler();

}  // namespace mf::cli
