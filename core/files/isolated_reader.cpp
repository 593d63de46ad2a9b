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

std::uint64_t currentAddressSpace() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
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

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

[[noreturn]] void childMain(int fd, const std::function<std::string()>& work, const IsolationLimits& limits) {
  // AddressSanitizer reserves terabytes of address space for its shadow: a ceiling on the address
  // space would stop it, so under it only the time is limited (it reports overruns itself).
  if (!kAddressSanitizer) {
    const rlimit memory{currentAddressSpace() + limits.memoryBytes, currentAddressSpace() + limits.memoryBytes};
    ::setrlimit(RLIMIT_AS, &memory);
  }
  const rlimit cpu{static_cast<rlim_t>(limits.cpuSeconds), static_cast<rlim_t>(limits.cpuSeconds) + 1};
  ::setrlimit(RLIMIT_CPU, &cpu);
  char kind = kResult;
  std::string answer;
  try {
    answer = work();
  } catch (const std::bad_alloc&) {
    kind = kError, answer = "it needs more memory than a cell file may ask for";
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
  if (timedOut) throw std::runtime_error(what + ": reading it took more than " + std::to_string(limits.wallSeconds) + " s (damaged?)");
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    throw std::runtime_error(what + (sig == SIGXCPU || sig == SIGKILL ? ": reading it took too long (damaged?)"
                                                                      : ": damaged beyond reading (the reader crashed)"));
  }
  if (answer.empty()) throw std::runtime_error(what + ": damaged beyond reading (the reader stopped without an answer)");
  if (answer[0] == kError) throw std::runtime_error(answer.substr(1));
  if (answer[0] != kResult || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(what + ": damaged beyond reading");
  return answer.substr(1);
}

}  // namespace mf::files
