// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The table snapshot: Lathe's typed columnar file, so a data set reloads without parsing its
// CSV again. A versioned header (magic "LATHESNP") is followed by one block per column, each
// with its own CRC-32C, and an end marker; the layout is specified in docs/formats/snapshot.md.
// Thread-safe (no shared state). Little-endian hosts only (checked at compile time).
//
//   LATHE_RETURN_IF_ERROR(WriteSnapshot(table, dir + "/table.snap"));
//   LATHE_ASSIGN_OR_RETURN(Table again, ReadSnapshot(dir + "/table.snap"));
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "data/table.h"

namespace lathe::data {

// The format version this build writes and reads.
inline constexpr uint32_t kSnapshotFormatVersion = 1;

// Writes `table` to `path` atomically: a temp file in the same directory is written, fsynced and
// renamed over `path`, then the directory is fsynced. Readers see the old file or the new one,
// never a mix. Internal (with the errno text) on I/O failure; the temp file is removed.
Status WriteSnapshot(const Table& table, const std::string& path);

// Reads a snapshot written by WriteSnapshot into a new Table owned by the caller.
// NotFound if `path` does not exist; DataLoss on a bad magic, an unsupported version, a
// truncated file, a checksum mismatch or an inconsistent block, naming the block ("header",
// "column block 3 ('age')", "end marker").
Result<Table> ReadSnapshot(const std::string& path);

}  // namespace lathe::data
