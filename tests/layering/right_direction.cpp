// SPDX-License-Identifier: GPL-3.0-or-later
// Compiled against sandi_pki only: pki's own headers and core's (which pki links) are found.
#include "sandi/core/result.h"
#include "sandi/pki/chain.h"
