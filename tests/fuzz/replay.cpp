// SPDX-License-Identifier: BSL-1.0
// replay: runs a fuzz target's LLVMFuzzerTestOneInput over files, without libFuzzer,
// so that any compiler and any sanitizer build can replay a corpus.
//
//   replay_<target> DIR_OR_FILE...
//
// Each argument is a file, or a directory whose regular files are all read (not its
// subdirectories), in name order. A missing argument is an error; an empty directory
// is not. A broken invariant traps inside the target, so the exit status says it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

bool run_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot open %s\n", file.string().c_str());
    return false;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy of exactly the file's size, so ASan sees a read past the end.
  std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: replay DIR_OR_FILE...\n", stderr);
    return 2;
  }
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(arg, ec)) {
      for (const auto& entry : fs::directory_iterator(arg, ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
    } else if (fs::exists(arg, ec)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", arg.string().c_str());
      return 2;
    }
    for (const auto& f : files) {
      if (!run_file(f)) return 2;
      ++count;
    }
  }
  std::printf("replayed %zu inputs\n", count);
  return 0;
}
