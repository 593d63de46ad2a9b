#include "core/files/isolated_reader.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <fstream>
#include <stdexcept>

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace mf::files {
namespace {

// The first byte of the child's answer says what follows: its result, or an error message.
constexpr char kResult = 'R', kError = 'E';

// The private writable memory this process maps now (VmData), in bytes: what RLIMIT_DATA counts.
std::uint64_t currentDataBytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  std::uint64_t kilobytes = 0;
  while (status >> key) {
    if (key == "VmData:") {
      status >> kilobytes;
      break;
    }
  }
  return kilobytes * 1024;
}

bool writeAll(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// Set by sanitizers and libFuzzer in their own builds; a weak reference is null elsewhere.
extern "C" void __sanitizer_set_death_callback(void (*)()) __attribute__((weak));

// Under AddressSanitizer, operator new does not throw std::bad_alloc at the memory ceiling: it
// reports and dies. The child turns that report into the answer bad_alloc gives.
extern "C" void __asan_set_error_report_callback(void (*)(const char*)) __attribute__((weak));
constexpr char kOutOfMemory[] = "reading it needs more memory than a file of its size may ask for (damaged?)";
int answerFd = -1;

void answerOutOfMemoryReport(const char* report) {
  if (std::strstr(report, "out of memory") == nullptr && std::strstr(report, "out-of-memory") == nullptr) return;
  const char kind = kError;
  ::_exit(writeAll(answerFd, &kind, 1) && writeAll(answerFd, kOutOfMemory, sizeof kOutOfMemory - 1) ? 0 : 3);
}

// The child is a plain process whatever the parent installed: the default action for the
// signals of a crash (so a crash is a death the parent sees, not a report a fuzzer's or
// sanitizer's handler writes in the child's name) and no sanitizer death callback.
void becomePlainProcess() {
  for (const int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGXCPU, SIGALRM}) ::signal(sig, SIG_DFL);
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(nullptr);
}

[[noreturn]] void childMain(int fd, const std::function<std::string()>& work, const IsolationLimits& limits) {
  becomePlainProcess();
  answerFd = fd;
  if (__asan_set_error_report_callback) __asan_set_error_report_callback(answerOutOfMemoryReport);
  // A ceiling on the data segment and private mappings (RLIMIT_DATA), not on the address space:
  // AddressSanitizer reserves terabytes of address space for its shadow, but maps it without
  // write access, so this one limit holds under the sanitizers (the fuzzers) and in release.
  // Past it malloc returns null, and the library fails its read instead of taking the machine.
  const std::uint64_t ceiling = currentDataBytes() + limits.memoryBytes;
  const rlimit memory{ceiling, ceiling};
  ::setrlimit(RLIMIT_DATA, &memory);
  const rlimit cpu{static_cast<rlim_t>(limits.cpuSeconds), static_cast<rlim_t>(limits.cpuSeconds) + 1};
  ::setrlimit(RLIMIT_CPU, &cpu);
  char kind = kResult;
  std::string answer;
  try {
    answer = work();
  } catch (const std::bad_alloc&) {
    kind = kError, answer = kOutOfMemory;
  } catch (const std::exception& e) {
    kind = kError, answer = e.what();
  } catch (...) {
    kind = kError, answer = "unknown error";
  }
  const bool ok = writeAll(fd, &kind, 1) && writeAll(fd, answer.data(), answer.size());
  ::_exit(ok ? 0 : 3);  // no atexit handlers, no stdio flush: the parent owns those
}

}  // namespace

std::string runIsolated(const std::function<std::string()>& work, const std::string& what, const IsolationLimits& limits) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error(what + ": cannot start a reader (" + std::strerror(errno) + ")");
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]), ::close(fds[1]);
    throw std::runtime_error(what + ": cannot start a reader (" + std::strerror(errno) + ")");
  }
  if (pid == 0) {
    ::close(fds[0]);
    childMain(fds[1], work, limits);
  }
  ::close(fds[1]);
  std::string answer;
  char buffer[1 << 16];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.wallSeconds);
  bool timedOut = false;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timedOut = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child closed its end: done or dead
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timedOut) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // Out of wall time or of CPU time: one failure, said one way (which comes first depends on load).
  if (timedOut)
    throw std::runtime_error(what + ": reading it took too long (more than " + std::to_string(limits.wallSeconds) + " s; damaged?)");
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    throw std::runtime_error(what + (sig == SIGXCPU || sig == SIGKILL ? ": reading it took too long (damaged?)"
                                                                      : ": damaged beyond reading (the reader crashed)"));
  }
  if (answer.empty()) throw std::runtime_error(what + ": damaged beyond reading (the reader stopped without an answer)");
  // The reader's own error, said of the file where it does not name it already.
  if (answer[0] == kError) {
    const std::string message = answer.substr(1);
    throw std::runtime_error(message.find(what) != std::string::npos ? message : what + ": " + message);
  }
  if (answer[0] != kResult || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(what + ": damaged beyond reading");
  return answer.substr(1);
}

}  // namespace mf::files
