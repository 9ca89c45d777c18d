// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/operation.h"

namespace lathe::prep {

std::vector<OperationSpec> ColumnOperations() { return {}; }

}  // namespace lathe::prep
