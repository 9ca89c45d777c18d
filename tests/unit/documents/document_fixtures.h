// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Test documents made on the spot with known content, so that no test depends on a checked-in
// scan: text rendered to PNG with ImageMagick (DejaVu Sans), PDFs with a text layer from enscript +
// ps2pdf, image-only PDFs re-rendered by Ghostscript's pdfimage8 device, an encrypted PDF from
// pdfwrite, and a ruled table drawn with `convert -draw`. Shared by the unit, AWS and bench code.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace lathe::testing::documents {

inline std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A fresh directory under the system temp dir, removed by the destructor.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lathe-docs-XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) != nullptr ? tmpl : std::string();
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs a shell command; true on exit status 0.
inline bool Run(const std::string& command) { return std::system(command.c_str()) == 0; }

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// One text line to draw: its top-left position in pixels and the text.
struct TextAt {
  int x = 0;
  int y = 0;  // the baseline
  std::string text;
};

// A white `width` x `height` image with `lines` in black DejaVu Sans, `point_size` pixels high
// (no resolution stored: OCR assumes 300 dpi), written as `path` (the extension picks the format).
inline bool RenderText(const std::filesystem::path& path, int width, int height,
                       const std::vector<TextAt>& lines, int point_size = 32,
                       const std::string& extra_draw = "") {
  std::string cmd = "convert -size " + std::to_string(width) + "x" + std::to_string(height) +
                    " xc:white -font DejaVu-Sans -pointsize " + std::to_string(point_size) +
                    " -fill black";
  if (!extra_draw.empty())
    cmd += " -stroke black -strokewidth 3 -draw " + Quote(extra_draw) + " -stroke none";
  for (const TextAt& l : lines) {
    cmd += " -annotate +" + std::to_string(l.x) + "+" + std::to_string(l.y) + " " + Quote(l.text);
  }
  return Run(cmd + " " + Quote(path.string()));
}

// A PDF with a text layer (Courier, one page per 60 lines) from plain text.
inline bool TextPdf(const ScratchDir& dir, const std::string& name, const std::string& text) {
  WriteFile(dir / (name + ".txt"), text);
  return Run("enscript -B -q -p " + Quote((dir / (name + ".ps")).string()) + " " +
             Quote((dir / (name + ".txt")).string()) + " && ps2pdf " +
             Quote((dir / (name + ".ps")).string()) + " " + Quote((dir / name).string()));
}

// `pdf` re-rendered by Ghostscript as images only (no text layer), at 300 dpi.
inline bool RasterPdf(const std::filesystem::path& pdf, const std::filesystem::path& out) {
  return Run("gs -q -sDEVICE=pdfimage8 -r300 -o " + Quote(out.string()) + " " +
             Quote(pdf.string()));
}

// `pdf` encrypted with a user password (a reader cannot open it without one).
inline bool EncryptedPdf(const std::filesystem::path& pdf, const std::filesystem::path& out) {
  return Run("gs -q -sDEVICE=pdfwrite -sOwnerPassword=owner -sUserPassword=secret -o " +
             Quote(out.string()) + " " + Quote(pdf.string()));
}

// A syntactically valid PDF whose page tree has no page.
inline std::string ZeroPagePdf() {
  return "%PDF-1.4\n"
         "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
         "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
         "trailer << /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n";
}

}  // namespace lathe::testing::documents
