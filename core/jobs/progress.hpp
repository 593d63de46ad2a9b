#pragma once
// What long work needs from its caller: a place to report how far it is, and a way to learn
// that the user pressed Cancel. Core functions take a Progress&; the GUI's job manager, the
// CLI's progress line and tests each provide one.

#include <atomic>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mf {

// Thrown by long work that noticed cancelled(); callers treat it as "stopped, no result".
struct CancelledError : std::runtime_error {
  CancelledError() : std::runtime_error("cancelled") {}
};

class Progress {
 public:
  virtual ~Progress() = default;
  // fraction in [0, 1] of the whole task; message says what is happening now.
  virtual void report(double fraction, std::string_view message) = 0;
  virtual bool cancelled() const = 0;

  // Throws CancelledError when cancelled(); long loops call this at least every ~100 ms.
  void checkCancelled() const {
    if (cancelled()) throw CancelledError();
  }
};

// Reports nowhere, never cancels.
class NullProgress final : public Progress {
 public:
  void report(double, std::string_view) override {}
  bool cancelled() const override { return false; }
};

// A Progress whose cancel flag can be set from another thread (tests, simple tools).
class CancelFlagProgress : public Progress {
 public:
  void report(double fraction, std::string_view) override { fraction_.store(fraction); }
  bool cancelled() const override { return cancel_.load(std::memory_order_relaxed); }
  void cancel() { cancel_.store(true); }
  double fraction() const { return fraction_.load(); }

 private:
  std::atomic<bool> cancel_{false};
  std::atomic<double> fraction_{0.0};
};

// Maps [0, 1] of a sub-task onto [begin, end] of its parent, so that nested steps report
// overall progress without knowing where they sit.
class SubProgress final : public Progress {
 public:
  SubProgress(Progress& parent, double begin, double end)
      : parent_(parent), begin_(begin), end_(end) {}
  void report(double fraction, std::string_view message) override {
    parent_.report(begin_ + (end_ - begin_) * fraction, message);
  }
  bool cancelled() const override { return parent_.cancelled(); }

 private:
  Progress& parent_;
  double begin_, end_;
};

}  // namespace mf
