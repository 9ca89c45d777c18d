// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Speech synthesis time against the espeak-ng CLI on the same text and voice: the CLI writes a
// 22050 Hz WAV (`espeak-ng -v en-us+f3 -w out.wav -f text.txt`, process start included, as a user
// would run it); Lathe renders in process through RenderSpeech (SSML translation, espeak-ng,
// resampling, encoding). Prints the median of the runs for each, the real-time factor (synthesis
// time / audio length) and Lathe's time as a multiple of the CLI's (target: at most 1.1x).
// The CLI cannot write Ogg, so ogg_vorbis's fair peer is the CLI piped into an Ogg Vorbis encoder
// (`espeak-ng --stdout ... | <encoder>`, VBR quality 3 as Lathe's 0.3), given by run.sh in
// LATHE_BENCH_OGG_ENCODER (oggenc from vorbis-tools, else sox); that row and its ratio are
// printed when the variable is set.
//
//   bench/services/speech/run.sh build-bench [runs=9]   # or, by hand:
//   LATHE_BENCH_OGG_ENCODER='sox -t wav - -t ogg -C 3 -' build-bench/.../speech_bench [runs=7]
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "services/speech/synthesizer.h"

namespace {

namespace speech = lathe::services::speech;
using Clock = std::chrono::steady_clock;

// About 1,600 characters of ordinary English prose (written for this benchmark).
const char* kText =
    "The workshop opens at eight in the morning, when the first deliveries arrive from the "
    "station. Timber comes in long bundles, tied with blue straps, and the apprentices carry it "
    "to the racks along the north wall. By nine the lathes are running, and the sound of the "
    "machines fills the building. Visitors are often surprised by how quiet the people are: "
    "everyone wears ear protection, and most of the talking happens by gesture. At noon the "
    "machines stop for an hour. The workers eat together at a long table near the windows, "
    "where the light is best, and the conversation turns to football, to the weather, and to "
    "the orders that must leave before Friday. In the afternoon the finishing team takes over. "
    "They sand, oil and polish each piece by hand, checking the grain against the light. A "
    "chair leg that looked perfect in the morning may be rejected for a single fault, and the "
    "foreman keeps a small pile of these pieces by the door, as a reminder that quality is "
    "decided in the last five minutes of the work. Deliveries leave at five. The van is loaded "
    "in a fixed order, the heaviest crates first, and each one is labelled with the name of "
    "the customer and the date it was made. When the van has gone, the floor is swept, the "
    "tools are cleaned and hung on their boards, and the lights go out one row at a time. "
    "Tomorrow the timber will arrive again, and the whole day will begin once more.";

// CPU seconds (user + system) of this process's threads, or of its finished children.
double CpuSeconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  auto sec = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return sec(usage.ru_utime) + sec(usage.ru_stime);
}

struct Timing {
  double wall = 0;
  double cpu = 0;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

Timing CliSeconds(const std::string& text_file, const std::string& wav) {
  const std::string cmd = "espeak-ng -v en-us+f3 -w " + wav + " -f " + text_file;
  const double cpu = CpuSeconds(RUSAGE_CHILDREN);
  const auto start = Clock::now();
  const int rc = std::system(cmd.c_str());
  const Timing s{std::chrono::duration<double>(Clock::now() - start).count(),
                 CpuSeconds(RUSAGE_CHILDREN) - cpu};
  if (rc != 0) {
    std::fprintf(stderr, "espeak-ng failed (%d)\n", rc);
    std::exit(1);
  }
  return s;
}

// The CLI piped into `encoder` (reads WAV on stdin, writes Ogg on stdout) into `ogg`: the CPU of
// the shell, espeak-ng and the encoder together.
Timing CliPipeSeconds(const std::string& text_file, const std::string& encoder,
                      const std::string& ogg) {
  const std::string cmd =
      "espeak-ng -v en-us+f3 --stdout -f " + text_file + " | " + encoder + " > " + ogg;
  const double cpu = CpuSeconds(RUSAGE_CHILDREN);
  const auto start = Clock::now();
  const int rc = std::system(cmd.c_str());
  const Timing s{std::chrono::duration<double>(Clock::now() - start).count(),
                 CpuSeconds(RUSAGE_CHILDREN) - cpu};
  std::ifstream in(ogg, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  if (rc != 0 || std::string(magic, 4) != "OggS") {
    std::fprintf(stderr, "'%s' failed (%d) or wrote no Ogg stream\n", cmd.c_str(), rc);
    std::exit(1);
  }
  return s;
}

// Time to render, and the audio length in seconds.
std::pair<Timing, double> LatheSeconds(const std::string& format, int rate) {
  speech::SpeechRequest request;
  request.text = kText;
  request.voice_id = "Joanna";  // en-us+f3, as the CLI run
  request.output_format = format;
  request.sample_rate = rate;
  const double cpu = CpuSeconds(RUSAGE_SELF);
  const auto start = Clock::now();
  lathe::Result<speech::PreparedSpeech> prepared = speech::PrepareSpeech(request, {});
  size_t bytes = 0;
  lathe::Status status = prepared.ok() ? speech::RenderSpeech(*prepared,
                                                              [&](std::string_view b) {
                                                                bytes += b.size();
                                                                return true;
                                                              })
                                       : prepared.status();
  const Timing s{std::chrono::duration<double>(Clock::now() - start).count(),
                 CpuSeconds(RUSAGE_SELF) - cpu};
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    std::exit(1);
  }
  return {s, format == "pcm" ? bytes / 2.0 / rate : 0};
}

// The Ogg Vorbis encoder alone on the CLI's samples (the WAV's 44-byte header skipped): the part
// of ogg_vorbis's time that espeak-ng does not have.
Timing VorbisOnlySeconds(const std::string& wav) {
  std::ifstream in(wav, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<int16_t> samples((bytes.size() - 44) / 2);
  std::memcpy(samples.data(), bytes.data() + 44, samples.size() * 2);
  const double cpu = CpuSeconds(RUSAGE_SELF);
  const auto start = Clock::now();
  auto encoder = speech::MakeAudioEncoder(speech::AudioFormat::kOggVorbis, 22050);
  std::string out;
  for (size_t i = 0; encoder.ok() && i < samples.size(); i += 4096) {
    (void)(*encoder)->Encode(samples.data() + i, std::min<size_t>(4096, samples.size() - i), &out);
  }
  if (encoder.ok()) (void)(*encoder)->Finish(&out);
  return {std::chrono::duration<double>(Clock::now() - start).count(),
          CpuSeconds(RUSAGE_SELF) - cpu};
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 7;
  const std::string dir = "/tmp";
  const std::string text_file = dir + "/lathe_speech_bench.txt";
  const std::string wav = dir + "/lathe_speech_bench.wav";
  { std::ofstream(text_file) << kText; }
  const char* encoder_env = std::getenv("LATHE_BENCH_OGG_ENCODER");
  const std::string encoder = encoder_env != nullptr ? encoder_env : "";
  const std::string ogg_file = dir + "/lathe_speech_bench.ogg";
  LatheSeconds("pcm", 16000);  // warm-up: espeak-ng loads its data once per process
  CliSeconds(text_file, wav);
  if (!encoder.empty()) CliPipeSeconds(text_file, encoder, ogg_file);
  std::vector<Timing> cli, cli_ogg, pcm, mp3, ogg, vorbis;
  double audio_seconds = 0;
  for (int i = 0; i < runs; ++i) {
    cli.push_back(CliSeconds(text_file, wav));
    if (!encoder.empty()) cli_ogg.push_back(CliPipeSeconds(text_file, encoder, ogg_file));
    auto [s, audio] = LatheSeconds("pcm", 16000);
    pcm.push_back(s);
    audio_seconds = audio;
    mp3.push_back(LatheSeconds("mp3", 22050).first);
    ogg.push_back(LatheSeconds("ogg_vorbis", 22050).first);
    vorbis.push_back(VorbisOnlySeconds(wav));
  }
  auto medians = [](const std::vector<Timing>& v) {
    std::vector<double> wall, cpu;
    for (const Timing& t : v) {
      wall.push_back(t.wall);
      cpu.push_back(t.cpu);
    }
    return Timing{Median(wall), Median(cpu)};
  };
  const Timing c = medians(cli);
  std::printf("text: %zu characters, audio %.1f s, %d runs (medians)\n", std::string(kText).size(),
              audio_seconds, runs);
  std::printf("%-34s %8s %8s %8s %8s %8s\n", "", "wall s", "RTF", "vs CLI", "CPU s", "vs CLI");
  auto row = [&](const char* name, const std::vector<Timing>& v) {
    const Timing m = medians(v);
    std::printf("%-34s %8.3f %8.4f %7.2fx %8.3f %7.2fx\n", name, m.wall, m.wall / audio_seconds,
                m.wall / c.wall, m.cpu, m.cpu / c.cpu);
  };
  row("espeak-ng CLI -w out.wav (22050)", cli);
  row("lathe pcm 16000 (resampled)", pcm);
  row("lathe mp3 22050 (48 kbps)", mp3);
  row("lathe ogg_vorbis 22050", ogg);
  row("libvorbis alone on the CLI's WAV", vorbis);
  if (!cli_ogg.empty()) {
    // ogg_vorbis against its own peer: the CLI with an Ogg Vorbis encoder behind it.
    const Timing peer = medians(cli_ogg);
    const Timing lathe_ogg = medians(ogg);
    std::printf("\nogg peer: espeak-ng --stdout | %s\n", encoder.c_str());
    std::printf("%-34s %8.3f %8.4f %7.2fx %8.3f %7.2fx\n", "espeak-ng CLI | encoder (22050)",
                peer.wall, peer.wall / audio_seconds, peer.wall / c.wall, peer.cpu,
                peer.cpu / c.cpu);
    std::printf("%-34s %8s %8s %7.2fx %8s %7.2fx\n", "lathe ogg_vorbis vs that peer", "", "",
                lathe_ogg.wall / peer.wall, "", lathe_ogg.cpu / peer.cpu);
  }
  return 0;
}
