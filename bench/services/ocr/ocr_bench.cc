// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// OCR figures for docs/benchmarks.md ("Documents (OCR)"):
//  1. per-page time of RecognizeImage (engine warm, as in the server) against the `tesseract`
//     CLI on the same PNG (the CLI's wall time includes loading its model, which the server does
//     once per thread; both are shown, the CLI with OMP_THREAD_LIMIT=1 and with its default);
//  2. throughput of 2 pages on 2 threads against 1 page on 1 thread;
//  3. character error rate (Levenshtein distance / reference length, whitespace runs as one
//     space) of rendered pages: a text PDF rasterised at 300 and 150 dpi, and the same text drawn
//     by ImageMagick; Vietnamese at 300 dpi with the vie model.
// The page is English prose written for this benchmark, set by enscript (Courier 10 pt) and
// rendered by pdftoppm. Usage: ocr_bench [repetitions=5]
#include <leptonica/allheaders.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "services/documents/image.h"
#include "services/documents/ocr_engine.h"
#include "unit/documents/document_fixtures.h"

namespace {

using lathe::ThreadCpuSeconds;

namespace docs = lathe::services::documents;
namespace fx = lathe::testing::documents;
using Clock = std::chrono::steady_clock;

const char* kEnglish =
    "The harbour town wakes early. Before six the bakers have lit their ovens and the first\n"
    "ferry sounds its horn twice as it leaves the pier for the islands. Fishermen sort the\n"
    "night's catch into crates of ice while gulls circle over the market hall, waiting for\n"
    "anything that falls. By seven the cafes along the quay put out their chairs, and the\n"
    "smell of coffee mixes with diesel and salt. Children walk to school in small groups,\n"
    "stopping to look at the boats that came in overnight. The harbour master checks the\n"
    "tide tables, notes the wind from the north-west at 14 knots, and writes the day's\n"
    "arrivals on the board outside his office: three cargo ships, two yachts and the\n"
    "weekly supply vessel from the mainland, expected at 11:45 if the weather holds.\n"
    "In the afternoon the town grows quiet. Shops close for two hours, the square empties,\n"
    "and only the old men playing cards under the plane trees remain. Tourists who arrive\n"
    "on the midday bus often think the place is abandoned, until the bells ring at four\n"
    "and doors open again one by one. Evenings belong to the promenade: families walk its\n"
    "full length, from the lighthouse to the boatyard, and back again before dinner.\n"
    "Prices at the market on Saturday: tomatoes 2.40 per kilo, olives 6.90, fresh sardines\n"
    "8.50, lemons 1.80 and bread 1.20 a loaf. Payment in cash is still preferred by most\n"
    "stall holders, although a few now accept cards for amounts above 10 euros.\n";

const char* kVietnamese =
    "Thị trấn ven biển thức dậy từ rất sớm.\n"
    "Những người thợ làm bánh nhóm lò trước sáu giờ sáng.\n"
    "Chuyến phà đầu tiên rời bến đi ra các đảo.\n"
    "Ngư dân phân loại cá vào thùng đá lạnh.\n"
    "Quán cà phê dọc bến cảng bày ghế ra ngoài.\n";

std::string Normalise(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// UTF-8 code points, so that a wrong Vietnamese letter counts once.
std::vector<uint32_t> CodePoints(const std::string& s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

double CharacterErrorRate(const std::string& reference, const std::string& hypothesis) {
  const std::vector<uint32_t> a = CodePoints(Normalise(reference));
  const std::vector<uint32_t> b = CodePoints(Normalise(hypothesis));
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return a.empty() ? 0.0 : double(prev[b.size()]) / a.size();
}

std::string PageText(const docs::OcrPage& page) {
  std::string out;
  for (const docs::OcrLine& line : page.lines) out += line.text + "\n";
  return out;
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double ChildrenCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

docs::PixPtr ReadPng(const std::string& path) {
  const std::string bytes = fx::ReadFile(path);
  auto pix = docs::DecodeImage(bytes);
  if (!pix.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), pix.status().message().c_str());
    std::exit(1);
  }
  return std::move(*pix);
}

double EngineSeconds(const Pix& pix, const docs::OcrOptions& options, std::string* text,
                     double* cpu = nullptr) {
  const double c0 = ThreadCpuSeconds();
  const auto t0 = Clock::now();
  auto page = docs::RecognizeImage(pix, options);
  const auto t1 = Clock::now();
  if (cpu != nullptr) *cpu = ThreadCpuSeconds() - c0;
  if (!page.ok()) {
    std::fprintf(stderr, "OCR failed: %s\n", page.status().message().c_str());
    std::exit(1);
  }
  if (text != nullptr) *text = PageText(*page);
  return Seconds(t0, t1);
}

// Median wall (and CPU, children's user + system) time of `tesseract <png> <out>`; negative if
// the CLI is not installed.
double CliSeconds(const std::string& png, const std::string& out, const std::string& env, int reps,
                  double* cpu) {
  if (std::system("command -v tesseract >/dev/null 2>&1") != 0) return -1;
  std::vector<double> times, cpus;
  for (int i = 0; i < reps; ++i) {
    const double c0 = ChildrenCpuSeconds();
    const auto t0 = Clock::now();
    const std::string cmd = env + " tesseract " + fx::Quote(png) + " " + fx::Quote(out) +
                            " --dpi 300 -l eng >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) return -1;
    times.push_back(Seconds(t0, Clock::now()));
    cpus.push_back(ChildrenCpuSeconds() - c0);
  }
  *cpu = Median(cpus);
  return Median(times);
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  fx::ScratchDir dir;
  // The rendered pages.
  if (!fx::TextPdf(dir, "page.pdf", kEnglish)) {
    std::fprintf(stderr, "enscript/ps2pdf failed\n");
    return 1;
  }
  const std::string pdf = (dir / "page.pdf").string();
  const std::string png300 = (dir / "page300").string(), png150 = (dir / "page150").string();
  if (!fx::Run("pdftoppm -r 300 -gray -png -singlefile " + fx::Quote(pdf) + " " + png300) ||
      !fx::Run("pdftoppm -r 150 -gray -png -singlefile " + fx::Quote(pdf) + " " + png150)) {
    std::fprintf(stderr, "pdftoppm failed\n");
    return 1;
  }
  // enscript cannot set Vietnamese (Latin-1 only), so the vie page is drawn by ImageMagick.
  std::vector<fx::TextAt> vie_lines, eng_lines;
  {
    int y = 80;
    std::string line;
    for (const char* p = kVietnamese; *p; ++p) {
      if (*p == '\n') {
        vie_lines.push_back({60, y, line});
        line.clear();
        y += 60;
      } else {
        line += *p;
      }
    }
    y = 80;
    for (const char* p = kEnglish; *p; ++p) {
      if (*p == '\n') {
        eng_lines.push_back({60, y, line});
        line.clear();
        y += 50;
      } else {
        line += *p;
      }
    }
  }
  const std::string magick = (dir / "magick.png").string(), vie_magick = (dir / "vie.png").string();
  if (!fx::RenderText(magick, 2400, 80 + 50 * int(eng_lines.size()), eng_lines, 32) ||
      !fx::RenderText(vie_magick, 1800, 80 + 60 * int(vie_lines.size()), vie_lines, 36)) {
    std::fprintf(stderr, "convert failed\n");
    return 1;
  }
  docs::PixPtr page = ReadPng(png300 + ".png");
  std::printf("page: %s, %dx%d px (A4/Letter at 300 dpi), %zu characters\n\n", "English prose",
              pixGetWidth(page.get()), pixGetHeight(page.get()), Normalise(kEnglish).size());

  // 1. Per-page time.
  const docs::OcrOptions eng{.languages = "eng", .default_dpi = 300};
  std::string text;
  const double first = EngineSeconds(*page, eng, &text);  // loads the model on this thread
  std::vector<double> times, cpus;
  for (int i = 0; i < reps; ++i) {
    double cpu = 0;
    times.push_back(EngineSeconds(*page, eng, nullptr, &cpu));
    cpus.push_back(cpu);
  }
  const double engine = Median(times), engine_cpu = Median(cpus);
  double cli1_cpu = 0, cli_default_cpu = 0;
  const double cli1 =
      CliSeconds(png300 + ".png", (dir / "cli").string(), "OMP_THREAD_LIMIT=1", reps, &cli1_cpu);
  const double cli_default =
      CliSeconds(png300 + ".png", (dir / "cli").string(), "", reps, &cli_default_cpu);
  std::printf("1. per page (median of %d)                 wall       CPU\n", reps);
  std::printf("   lathe RecognizeImage, warm           %7.3f s %7.3f s\n", engine, engine_cpu);
  std::printf("   lathe first call (loads the model)   %7.3f s\n", first);
  if (cli1 > 0) {
    std::printf(
        "   tesseract CLI, OMP_THREAD_LIMIT=1    %7.3f s %7.3f s   lathe/CLI wall %.2fx, CPU "
        "%.2fx\n",
        cli1, cli1_cpu, engine / cli1, engine_cpu / cli1_cpu);
    std::printf(
        "   tesseract CLI, default OpenMP        %7.3f s %7.3f s   lathe/CLI wall %.2fx, CPU "
        "%.2fx\n",
        cli_default, cli_default_cpu, engine / cli_default, engine_cpu / cli_default_cpu);
  } else {
    std::printf("   tesseract CLI: not installed (Debian tesseract-ocr); no comparison\n");
  }

  // 2. Throughput: 2 pages on 2 threads vs 1 page on 1 thread (each thread warm first). The
  // threads' CPU time per page is shown too: on a loaded machine wall time cannot show scaling,
  // equal CPU per page shows that the threads do not slow each other down.
  struct Run {
    double wall = 0, cpu = 0;
  };
  auto worker = [&](int pages, Run* run) {
    docs::PixPtr own(pixCopy(nullptr, page.get()));
    EngineSeconds(*own, eng, nullptr);  // warm this thread's engine
    const double c0 = ThreadCpuSeconds();
    const auto t0 = Clock::now();
    for (int i = 0; i < pages; ++i) EngineSeconds(*own, eng, nullptr);
    run->wall = Seconds(t0, Clock::now());
    run->cpu = ThreadCpuSeconds() - c0;
  };
  const int pages = std::max(2, reps);
  Run one, a, b;
  std::thread solo(worker, pages, &one);  // a fresh thread, like each of the two below
  solo.join();
  std::thread ta(worker, pages, &a), tb(worker, pages, &b);
  ta.join();
  tb.join();
  const double single_rate = pages / one.wall, dual_rate = 2 * pages / std::max(a.wall, b.wall);
  std::printf("\n2. throughput, %d pages per thread (hardware threads: %u)\n", pages,
              std::thread::hardware_concurrency());
  std::printf("   1 thread   %6.2f pages/s   CPU %.3f s/page\n", single_rate, one.cpu / pages);
  std::printf("   2 threads  %6.2f pages/s   CPU %.3f s/page   = %.2fx one thread (wall)\n",
              dual_rate, (a.cpu + b.cpu) / (2 * pages), dual_rate / single_rate);

  // 3. Character error rates.
  auto cer = [&](const std::string& png, const char* reference, const std::string& languages) {
    docs::PixPtr pix = ReadPng(png);
    std::string out;
    EngineSeconds(*pix, {.languages = languages, .default_dpi = 300}, &out);
    return CharacterErrorRate(reference, out);
  };
  std::printf("\n3. character error rate\n");
  std::printf("   text PDF -> 300 dpi (pdftoppm), eng      %6.2f %%\n",
              100 * CharacterErrorRate(kEnglish, text));
  std::printf("   text PDF -> 150 dpi (pdftoppm), eng      %6.2f %%\n",
              100 * cer(png150 + ".png", kEnglish, "eng"));
  std::printf("   ImageMagick DejaVu Sans 32 px, eng       %6.2f %%\n",
              100 * cer(magick, kEnglish, "eng"));
  std::printf("   ImageMagick DejaVu Sans 32 px, eng+vie   %6.2f %%\n",
              100 * cer(magick, kEnglish, "eng+vie"));
  std::printf("   Vietnamese, ImageMagick 36 px, vie       %6.2f %%\n",
              100 * cer(vie_magick, kVietnamese, "vie"));
  std::printf("   Vietnamese, ImageMagick 36 px, eng+vie   %6.2f %%\n",
              100 * cer(vie_magick, kVietnamese, "eng+vie"));
  return 0;
}
