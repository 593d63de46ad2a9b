#include "app/cli/terminal_progress.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>

#include <unistd.h>

namespace mf::cli {
namespace {

std::atomic<bool> interrupted{false};

extern "C" void onInterrupt(int) {
  // A second Ctrl-C falls through to the default action (terminate) for a stuck process.
  interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);
}

}  // namespace

void installInterruptHandler() {
  static bool installed = false;
  if (!installed) std::signal(SIGINT, onInterrupt);
  installed = true;
}

TerminalProgress::TerminalProgress(std::string task) : task_(std::move(task)), enabled_(::isatty(2) != 0) {
  installInterruptHandler();
}

TerminalProgress::~TerminalProgress() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
}

void TerminalProgress::report(double fraction, std::string_view message) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100) && fraction < 1.0) return;
  last_ = now;
  constexpr int width = 24;
  const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * width + 0.5);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(width, '.');
  std::fprintf(stderr, "\r\033[K%s [%s] %3.0f%%  %.*s", task_.c_str(), bar.c_str(), 100.0 * fraction,
               static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
  drawn_ = true;
}

bool TerminalProgress::cancelled() const { return interrupted.load(); }

}  // namespace mf::cli
