// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/gunzip.h"

#include <zlib.h>

namespace lathe::api {

Result<std::string> Gunzip(std::string_view gzipped) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return InternalError("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped.data()));
  zs.avail_in = static_cast<uInt>(gzipped.size());
  std::string out;
  char buffer[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return DataLossError("embedded asset is not valid gzip data");
  return out;
}

}  // namespace lathe::api
