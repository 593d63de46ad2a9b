// The README's command-line examples work as printed: every ```console block is a list of
// "$ metaforge-cli …" commands, each followed by exactly the output it prints (stdout and
// stderr together).

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Example {
  int line = 0;
  std::string command;
  std::string expected;
};

std::vector<Example> readExamples(const std::string& path) {
  std::ifstream in(path);
  std::vector<Example> out;
  std::string text;
  bool inBlock = false;
  int lineNo = 0;
  while (std::getline(in, text)) {
    ++lineNo;
    if (!inBlock) {
      inBlock = text == "```console";
      continue;
    }
    if (text == "```") {
      inBlock = false;
      continue;
    }
    if (text.rfind("$ ", 0) == 0) {
      out.push_back({lineNo, text.substr(2), {}});
    } else if (!out.empty()) {
      out.back().expected += text + "\n";
    }
  }
  return out;
}

std::string rstripLines(const std::string& s) {
  std::istringstream in(s);
  std::string line, out;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    out += line + "\n";
  }
  return out;
}

// File sizes depend on what the files record about where they were made (absolute paths in the
// provenance metadata), so "358 kB" is compared as "N kB".
std::string maskSizes(std::string s) {
  static const std::regex size(R"(\b\d+(\.\d+)? (kB|MB|bytes)\b)");
  return std::regex_replace(s, size, "N $2");
}

std::string run(const std::string& command) {
  const std::string full = "PATH='" MF_CLI_DIR "':\"$PATH\" " + command + " 2>&1";
  std::string output;
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) return "<popen failed>";
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe)) output += buf.data();
  pclose(pipe);
  return output;
}

TEST(Readme, ConsoleExamplesPrintWhatTheReadmeShows) {
  const auto examples = readExamples(MF_README_PATH);
  ASSERT_GE(examples.size(), 3u) << "README.md should show the CLI examples";
  for (const Example& ex : examples) {
    ASSERT_EQ(ex.command.rfind("metaforge-cli", 0), 0u)
        << "README.md:" << ex.line << ": only metaforge-cli commands are run: " << ex.command;
    EXPECT_EQ(maskSizes(rstripLines(run(ex.command))), maskSizes(rstripLines(ex.expected)))
        << "README.md:" << ex.line << ": $ " << ex.command;
  }
}

}  // namespace
